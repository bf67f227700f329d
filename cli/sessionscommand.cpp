#include "cli/sessionscommand.h"

#include "cli/cliutil.h"
#include "core/backends/postgres/pgsessionscanner.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace lockscope::cli {

namespace {

QString durationText(int64_t ms) {
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (ms < 3'600'000)
        return QStringLiteral("%1m%2s").arg(ms / 60'000).arg((ms / 1000) % 60, 2, 10, QChar(u'0'));
    return QStringLiteral("%1h%2m").arg(ms / 3'600'000).arg((ms / 60'000) % 60, 2, 10, QChar(u'0'));
}

QString pidList(const std::vector<int>& pids) {
    QStringList out;
    for (int p : pids)
        out << QString::number(p);
    return out.isEmpty() ? QStringLiteral("-") : out.join(u',');
}

void printSessions(const std::vector<PgSession>& sessions) {
    const QChar sp(u' ');
    printLine(cell(QStringLiteral("PID"), 7) + sp + cell(QStringLiteral("USER"), -12) + sp +
              cell(QStringLiteral("APPLICATION"), -18) + sp + cell(QStringLiteral("CLIENT"), -15) +
              sp + cell(QStringLiteral("STATE"), -20) + sp + cell(QStringLiteral("WAIT"), -18) +
              sp + cell(QStringLiteral("QUERY_T"), 8) + sp + cell(QStringLiteral("XACT_T"), 8) +
              sp + cell(QStringLiteral("BLOCKED_BY"), -10) + sp +
              cell(QStringLiteral("BLOCKING"), -10) + sp + QStringLiteral("QUERY"));
    // Column by column, never a chain of arg(): a "%1" in a query stays as it is.
    for (const PgSession& s : sessions) {
        const QString wait =
            s.waitEventType.isEmpty() ? QStringLiteral("-") : s.waitEventType + u':' + s.waitEvent;
        printLine(cell(QString::number(s.pid), 7) + sp + cell(s.user, -12) + sp +
                  cell(s.application, -18) + sp + cell(s.clientAddr, -15) + sp +
                  cell(s.stateText.isEmpty() ? s.backendType : s.stateText, -20) + sp +
                  cell(wait, -18) + sp + cell(durationText(s.queryDurationMs()), 8) + sp +
                  cell(durationText(s.transactionDurationMs()), 8) + sp +
                  cell(pidList(s.blockedBy), -10) + sp + cell(pidList(s.blocking), -10) + sp +
                  oneLine(s.query.left(200)));
    }
}

} // namespace

int SessionsCommand::run(const QStringList& args) {
    const QString sub = args.value(1);
    if (sub == u"list")
        return list(withSubcommand(args));
    printError(QStringLiteral("sessions: expected list (got '%1')").arg(sub));
    return BadArguments;
}

int SessionsCommand::list(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Every PostgreSQL session of the configured database (pg_stat_activity): state, wait "
        "event, query, durations, who blocks whom. Text output escapes and shortens the query; "
        "--json is exact."));
    addConnectionOptions(p);
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (int rc = 0; !parseArgs(p, args, &rc))
        return rc;
    try {
        const Endpoints endpoints = endpointsFrom(p);
        PgSessionScanner scanner(PostgresUri::parse(endpoints.postgres));
        const std::vector<PgSession> sessions = scanner.scan();
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray arr;
            for (const PgSession& s : sessions)
                arr.append(s.toJson());
            printJson(arr);
        } else {
            printSessions(sessions);
        }
        return Ok;
    } catch (...) {
        return failureExitCode();
    }
}

} // namespace lockscope::cli
