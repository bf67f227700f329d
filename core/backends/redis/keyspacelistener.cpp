#include "core/backends/redis/keyspacelistener.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "core/logging.h"

#include <QRegularExpression>

namespace lockscope {

KeyspaceListener::KeyspaceListener(const MonitorConfig& config, std::function<void()> onChange)
    : m_onChange(std::move(onChange)) {
    m_thread = std::thread([this, config] { run(config); });
}

KeyspaceListener::~KeyspaceListener() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool KeyspaceListener::sufficient(const QString& f) {
    const bool keyspace = f.contains(u'K') || f.contains(u'E');
    const bool all = f.contains(u'A');
    return keyspace &&
           (all || (f.contains(u'g') && f.contains(u'$') && f.contains(u'x') && f.contains(u'h')));
}

void KeyspaceListener::run(MonitorConfig config) {
    bool reported = false;
    while (!m_stop.load()) {
        try {
            RedisClient c(config.config.redis);
            const RedisReply cfg = c.command({"CONFIG", "GET", "notify-keyspace-events"});
            const QString flags = cfg.isArray() && cfg.elements.size() == 2
                                      ? QString::fromStdString(cfg.elements[1].str)
                                      : QString();
            if (!sufficient(flags)) {
                m_active = false;
                qCInfo(lcMonitor) << "Redis keyspace notifications are off (" << flags
                                  << "): polling only";
                return; // never switched on by us
            }
            const std::string channel = "__key*@" + std::to_string(config.config.redis.db) + "__:*";
            c.send({"PSUBSCRIBE", channel});
            RedisReply msg;
            // Turn the SCAN patterns into one regular expression over key names.
            QStringList res;
            for (const QString& p : config.redisPatterns)
                res << QRegularExpression::wildcardToRegularExpression(
                    p, QRegularExpression::UnanchoredWildcardConversion);
            const QRegularExpression match(QStringLiteral("^(%1)$").arg(res.join(u'|')));
            m_active = true;
            while (!m_stop.load()) {
                if (!c.readPushed(&msg, std::chrono::milliseconds(200)))
                    continue;
                // pmessage, pattern, channel, payload
                if (!msg.isArray() || msg.elements.size() != 4 || msg.elements[0].str != "pmessage")
                    continue;
                const std::string& ch = msg.elements[2].str;
                const std::string& payload = msg.elements[3].str;
                // __keyspace@0__:<key> -> event;  __keyevent@0__:<event> -> key
                const std::string key =
                    ch.rfind("__keyspace@", 0) == 0 ? ch.substr(ch.find("__:") + 3) : payload;
                if (match.match(QString::fromStdString(key)).hasMatch() && m_onChange)
                    m_onChange();
            }
        } catch (const ConnectorError& e) {
            m_active = false;
            if (!reported) // the monitor already reports a down server; say it here once
                qCWarning(lcMonitor) << "keyspace listener:" << e.message();
            reported = true;
            for (int i = 0; i < 50 && !m_stop.load(); ++i)
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(100)); // back off before reconnecting
        }
    }
    m_active = false;
}

} // namespace lockscope
