#include "core/backends/redis/trackinglistener.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisconnection.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace lockscope {

namespace {

constexpr auto kHealthEvery = std::chrono::milliseconds(1000);
constexpr auto kBackoff = std::chrono::milliseconds(500);
const char* const kChannel = "__redis__:invalidate";

void wake(int fd) {
    const uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(fd, &one, sizeof one);
}

/// Keeps m_activeNodes honest whichever way a node's loop ends.
struct ActiveNode {
    explicit ActiveNode(std::atomic<int>& n)
        : count(n) {
        ++count;
    }
    ~ActiveNode() { --count; }
    ActiveNode(const ActiveNode&) = delete;
    ActiveNode& operator=(const ActiveNode&) = delete;
    std::atomic<int>& count;
};

} // namespace

std::optional<QString> TrackingListener::prefixOf(const QString& pattern) {
    if (!pattern.endsWith(u'*'))
        return std::nullopt;
    const QString literal = pattern.chopped(1);
    for (const QChar c : literal)
        if (c == u'*' || c == u'?' || c == u'[' || c == u'\\')
            return std::nullopt;
    return literal;
}

TrackingListener::Plan TrackingListener::planFor(const MonitorConfig& config) {
    Plan plan;
    if (config.redisTracking == MonitorConfig::RedisTracking::Off)
        return plan;
    plan.track = true;
    QStringList prefixes;
    bool allPrefixes = true;
    for (const QString& p : config.redisPatterns) {
        if (const auto prefix = prefixOf(p))
            prefixes << *prefix;
        else
            allPrefixes = false;
    }
    if (config.redisTracking == MonitorConfig::RedisTracking::PrefixesOnly && !allPrefixes) {
        prefixes << QString::fromStdString(config.config.redisPrefix()); // LockScope's own keys
        plan.partial = true;
    } else if (!allPrefixes) {
        return plan; // every key, filtered here
    }
    // The server refuses overlapping prefixes ("a" and "ab"): keep the shortest of each chain.
    prefixes.sort();
    prefixes.removeDuplicates();
    for (const QString& p : prefixes) {
        if (p.isEmpty()) {
            plan.prefixes.clear(); // "*": every key
            return plan;
        }
        if (plan.prefixes.isEmpty() || !p.startsWith(plan.prefixes.last()))
            plan.prefixes << p;
    }
    return plan;
}

TrackingListener::TrackingListener(const MonitorConfig& config, std::function<void()> onChange)
    : m_onChange(std::move(onChange))
    , m_plan(planFor(config)) {
    QStringList res;
    for (const QString& p : config.redisPatterns)
        res << QRegularExpression::wildcardToRegularExpression(
            p, QRegularExpression::UnanchoredWildcardConversion);
    m_match.setPattern(
        QRegularExpression::anchoredPattern(QStringLiteral("(%1)").arg(res.join(u'|'))));
    if (!m_plan.track) {
        m_detail = QStringLiteral("tracking off (--redis-tracking off)");
        return;
    }
    m_match.optimize(); // compiled once here: the node threads only match
    m_thread = std::jthread([this, config](std::stop_token stop) { supervise(config, stop); });
}

TrackingListener::~TrackingListener() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_cv.notify_all();
        m_thread.join();
    }
}

bool TrackingListener::active() const {
    const int nodes = m_nodes.load();
    return !m_refused && nodes > 0 && m_activeNodes.load() == nodes;
}

ChangeStatus TrackingListener::status() const {
    std::lock_guard lock(m_mutex);
    if (!active())
        return {ChangeMode::Polling, m_detail};
    QString what = m_plan.prefixes.isEmpty()
                       ? QStringLiteral("BCAST on every key, filtered by the patterns")
                       : QStringLiteral("BCAST PREFIX %1").arg(m_plan.prefixes.join(u' '));
    if (m_plan.partial)
        what += QStringLiteral("; keys under other patterns are polled");
    if (m_nodes.load() > 1)
        what += QStringLiteral(" (%1 nodes)").arg(m_nodes.load());
    return {ChangeMode::Tracking, what};
}

void TrackingListener::refuse(const QString& why) {
    {
        std::lock_guard lock(m_mutex);
        m_detail = why;
        m_refused = true;
    }
    qCInfo(lcMonitor).noquote() << "Redis:" << why;
    m_cv.notify_all();
}

void TrackingListener::supervise(const MonitorConfig& config, std::stop_token stop) {
    const bool sentinel = config.config.redis.topology == RedisTopology::Sentinel;
    bool reported = false;
    while (!stop.stop_requested() && !m_refused) {
        std::vector<RedisUri> targets;
        try {
            targets = RedisConnection::open(config.config.redis)->scanTargets();
        } catch (const ConnectorError& e) {
            {
                std::lock_guard lock(m_mutex);
                m_detail = QStringLiteral("tracking not connected: %1").arg(e.message());
            }
            if (!reported) // the monitor already reports a down server; say it here once
                qCWarning(lcMonitor) << "tracking listener:" << e.message();
            reported = true;
            waitUnlessStopped(stop, std::chrono::seconds(1));
            continue;
        }
        m_nodes = static_cast<int>(targets.size());
        m_reopen = false;
        const int generationFd = ::eventfd(0, EFD_CLOEXEC);
        {
            const std::stop_callback onStop(stop, [generationFd] { wake(generationFd); });
            std::vector<std::jthread> nodes;
            for (const RedisUri& t : targets)
                nodes.emplace_back([this, t, sentinel, stop, generationFd] {
                    runNode(t, sentinel, stop, generationFd);
                });
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, stop, [this] { return m_reopen || m_refused; });
            }
            wake(generationFd);
            nodes.clear(); // joins: each returns at once once woken
        }
        ::close(generationFd);
        waitUnlessStopped(stop, kBackoff); // a restarting server, a failover settling
    }
}

void TrackingListener::runNode(const RedisUri& node, bool sentinel, std::stop_token stop,
                               int wakeFd) {
    const auto over = [&] { return stop.stop_requested() || m_reopen || m_refused; };
    try {
        RedisClient sub(node);
        const RedisReply id = sub.command({"CLIENT", "ID"});
        if (id.isError() || !id.isInteger()) {
            refuse(QStringLiteral("CLIENT ID refused (%1): polling")
                       .arg(QString::fromStdString(id.str)));
            return;
        }
        RedisClient tracking(node);
        RedisConnection::Args args{
            "CLIENT", "TRACKING", "on", "REDIRECT", std::to_string(id.integer), "BCAST"};
        for (const QString& p : m_plan.prefixes) {
            args.emplace_back("PREFIX");
            args.push_back(p.toStdString());
        }
        const RedisReply on = tracking.command(args);
        if (on.isError()) {
            refuse(QStringLiteral("CLIENT TRACKING refused (%1): polling")
                       .arg(QString::fromStdString(on.str)));
            return;
        }
        sub.send({"SUBSCRIBE", kChannel});
        RedisReply msg;
        if (!sub.readPushed(&msg, sub.commandTimeout(), wakeFd)) {
            if (!over())
                throw ConnectorError(Backend::Redis, ConnectorError::Kind::Timeout,
                                     QStringLiteral("SUBSCRIBE %1").arg(kChannel),
                                     QStringLiteral("no answer"));
            return;
        }
        if (msg.isError()) {
            refuse(QStringLiteral("SUBSCRIBE %1 refused (%2): polling")
                       .arg(kChannel, QString::fromStdString(msg.str)));
            return;
        }
        const ActiveNode activeNode(m_activeNodes);
        {
            std::lock_guard lock(m_mutex);
            m_detail.clear();
        }
        if (m_onChange)
            m_onChange(); // what changed while it was not listening is read once now
        auto nextCheck = std::chrono::steady_clock::now() + kHealthEvery;
        while (!over()) {
            if (sub.readPushed(&msg, kHealthEvery, wakeFd)) {
                // message, __redis__:invalidate, [key ...] (nil: FLUSHDB / FLUSHALL)
                if (msg.isArray() && msg.elements.size() == 3 && msg.elements[0].str == "message") {
                    const RedisReply& keys = msg.elements[2];
                    bool hit = !keys.isArray();
                    for (size_t i = 0; !hit && i < keys.elements.size(); ++i)
                        hit =
                            m_match.match(QString::fromStdString(keys.elements[i].str)).hasMatch();
                    if (hit && m_onChange)
                        m_onChange();
                }
            }
            if (std::chrono::steady_clock::now() >= nextCheck) {
                // The tracking connection is alive (it gets no traffic otherwise), and behind
                // Sentinel this server is still the primary (after a failover: the new one).
                const RedisReply r = tracking.command({sentinel ? "ROLE" : "PING"});
                if (sentinel &&
                    (!r.isArray() || r.elements.empty() || r.elements[0].str != "master"))
                    break;
                nextCheck = std::chrono::steady_clock::now() + kHealthEvery;
            }
        }
    } catch (const ConnectorError& e) {
        std::lock_guard lock(m_mutex);
        m_detail = QStringLiteral("tracking reconnecting: %1").arg(e.message());
    }
    if (!stop.stop_requested()) {
        {
            std::lock_guard lock(m_mutex);
            m_reopen = true;
        }
        m_cv.notify_all();
    }
}

} // namespace lockscope
