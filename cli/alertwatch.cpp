#include "cli/alertwatch.h"

#include "cli/cliutil.h"

#include <QDateTime>
#include <QJsonDocument>
#include <cstdio>

namespace lockscope::cli {

void AlertWatch::addOptions(QCommandLineParser& p) {
    p.addOption({QStringLiteral("alert"),
                 QStringLiteral("Alert rule, repeatable (docs/ALERTS.md): held>5m, "
                                "held>30s:kind=redis-key, held>1m:resource=cart:*, not-renewed, "
                                "not-renewed:below=25%, no-expiry>1m, blocking>10s, orphaned, "
                                "down>30s. Prints a line when one fires and when it resolves."),
                 QStringLiteral("rule")});
    p.addOption({QStringLiteral("exec"),
                 QStringLiteral("Run this shell command per alert event (fired, resolved) with "
                                "the alert as one JSON line on stdin; LOCKSCOPE_ALERT_EVENT and "
                                "LOCKSCOPE_ALERT_RULE in its environment. Needs --alert."),
                 QStringLiteral("command")});
    p.addOption({QStringLiteral("exec-timeout-ms"),
                 QStringLiteral("Kill a --exec command still running after this (default 10000)."),
                 QStringLiteral("ms")});
}

bool AlertWatch::from(const QCommandLineParser& p, std::unique_ptr<AlertWatch>* out) {
    const QStringList texts = p.values(QStringLiteral("alert"));
    if (texts.isEmpty()) {
        if (p.isSet(QStringLiteral("exec"))) {
            printError(QStringLiteral("--exec needs at least one --alert rule"));
            return false;
        }
        return true;
    }
    std::vector<AlertRule> rules;
    for (const QString& text : texts) {
        QString error;
        const auto rule = AlertRule::parse(text, &error);
        if (!rule) {
            printError(QStringLiteral("--alert %1: %2").arg(text, error));
            return false;
        }
        rules.push_back(*rule);
    }
    int timeout = 10000;
    if (!intOption(p, QStringLiteral("exec-timeout-ms"), 100, 3600000, &timeout))
        return false;
    *out = std::make_unique<AlertWatch>(std::move(rules), p.value(QStringLiteral("exec")),
                                        std::chrono::milliseconds(timeout));
    return true;
}

AlertWatch::AlertWatch(std::vector<AlertRule> rules, QString command,
                       std::chrono::milliseconds timeout)
    : m_engine(std::move(rules)) {
    if (!command.isEmpty())
        m_runner = std::make_unique<AlertActionRunner>(std::move(command), timeout);
}

void AlertWatch::feed(const Snapshot& snapshot, bool json) {
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    const QString at = QDateTime::fromMSecsSinceEpoch(now).toString(Qt::ISODateWithMs);
    for (const AlertEvent& ev : m_engine.feed(snapshot, now)) {
        if (json) {
            QJsonObject o = ev.toJson();
            o.insert(QStringLiteral("change"), QStringLiteral("alert"));
            o.insert(QStringLiteral("at"), at);
            std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n').constData(),
                       stdout);
        } else {
            printLine(at + QStringLiteral(" alert ") + oneLine(ev.toLine()));
        }
        if (m_runner)
            m_runner->post(ev);
    }
    std::fflush(stdout);
}

} // namespace lockscope::cli
