#include "core/backends/redis/keyspacelistener.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisconnection.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"

#include <QRegularExpression>
#include <sys/eventfd.h>
#include <unistd.h>

namespace lockscope {

KeyspaceListener::KeyspaceListener(const MonitorConfig& config, std::function<void()> onChange)
    : m_onChange(std::move(onChange))
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC)) {
    m_thread = std::jthread([this, config](std::stop_token stop) {
        const std::stop_callback wake(stop, [this] {
            const uint64_t one = 1;
            [[maybe_unused]] const auto n = ::write(m_wakeFd, &one, sizeof one);
        });
        run(config, stop);
    });
}

KeyspaceListener::~KeyspaceListener() {
    m_thread.request_stop();
    m_thread.join();
    ::close(m_wakeFd);
}

bool KeyspaceListener::sufficient(const QString& f) {
    const bool keyspace = f.contains(u'K') || f.contains(u'E');
    const bool all = f.contains(u'A');
    return keyspace &&
           (all || (f.contains(u'g') && f.contains(u'$') && f.contains(u'x') && f.contains(u'h')));
}

void KeyspaceListener::run(const MonitorConfig& config, std::stop_token stop) {
    bool reported = false;
    while (!stop.stop_requested()) {
        try {
            if (config.config.redis.topology == RedisTopology::Cluster) {
                // Notifications are per node on a Cluster: the monitor polls every primary.
                m_active = false;
                qCInfo(lcMonitor) << "Redis Cluster: polling only";
                return;
            }
            // Behind Sentinel: the current primary (after a failover, the next reconnect
            // resolves the new one).
            RedisClient c(RedisConnection::open(config.config.redis)->scanTargets().front());
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
            const QRegularExpression match(
                QRegularExpression::anchoredPattern(QStringLiteral("(%1)").arg(res.join(u'|'))));
            m_active = true;
            while (!stop.stop_requested()) {
                if (!c.readPushed(&msg, std::chrono::minutes(10), m_wakeFd))
                    continue; // woken by a stop request, or a quiet server

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
            waitUnlessStopped(stop, std::chrono::seconds(5)); // back off before reconnecting
        }
    }
    m_active = false;
}

} // namespace lockscope
