#include "core/backends/redis/redisscanner.h"

#include "connectors/callinterrupt.h"
#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisscan.h"
#include "core/backends/redis/rediskinds.h"
#include "core/backends/redis/redislock.h"
#include "core/backends/redis/redisobservation.h"
#include "core/backends/redis/redlocklock.h"
#include "core/monitor/displaytext.h"
#include "core/monitor/ownerprobe.h"

#include <QDateTime>
#include <QRegularExpression>
#include <exception>
#include <set>
#include <thread>

namespace lockscope {

namespace {

/// A value as shown: escaped (DisplayText), at most max characters, marked when cut.
QString printable(const std::string& v, int max = 256) {
    return DisplayText::bytesForTerminal(QByteArray::fromRawData(v.data(), qsizetype(v.size())),
                                         max);
}

} // namespace

QString RedisScanner::displayKey(const std::string& key) {
    return DisplayText::escapeBytes(QByteArray::fromStdString(key));
}

QByteArray RedisScanner::observedBytes(const std::string& key, const QByteArray& value) {
    QByteArray b = QByteArray::fromStdString(key);
    b.append('\0');
    b.append(value);
    return b;
}

RedisScanner::RedisScanner(const MonitorConfig& config)
    : m_config(config)
    , m_router(RedisConnection::open(config.config.redis)) {}

RedisScanner::~RedisScanner() = default;

bool RedisScanner::isLockScopeInternal(const std::string& key) const {
    // LockScope's own non-lock keys, in any namespace: <ns>:fence:{...}, <ns>:handoff:{...}
    // (their names contain "lock" through the namespace name "lockscope").
    static const QRegularExpression internal(QRegularExpression::anchoredPattern(
        QStringLiteral("[a-z_][a-z0-9_]*:(fence|handoff):\\{[\\s\\S]*\\}")));
    const std::string p = m_config.config.redisPrefix();
    return internal.match(QString::fromStdString(key)).hasMatch() ||
           key.rfind(p + "bench:", 0) == 0;
}

QString RedisScanner::logicalResourceOf(const NamespaceConfig& config, const std::string& key,
                                        bool lockScopeValue) {
    if (const auto r = RedisLock::resourceOfLockKey(config, key))
        return displayKey(*r);
    const QString shown = displayKey(key);
    if (lockScopeValue) {
        static const QRegularExpression other(QRegularExpression::anchoredPattern(
            QStringLiteral("[a-z_][a-z0-9_]*:lock:\\{([\\s\\S]+)\\}")));
        const auto m = other.match(shown);
        if (m.hasMatch())
            return m.captured(1);
    }
    return shown;
}

QByteArray RedisScanner::redissonBytes(const std::string& field, const std::string& count) {
    QByteArray b = QByteArray::fromStdString(field);
    b.append('\0');
    b.append(QByteArray::fromStdString(count));
    return b;
}

void RedisScanner::classifyString(LockEntry& e, const std::string& key, const std::string& value,
                                  const std::string& node) {
    // Anchored at the very end: $ also matches before a final newline.
    static const QRegularExpression hex32(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9a-f]{32}")));
    auto obs = std::make_shared<RedisObservation>();
    obs->node = node;
    obs->key = key;
    obs->value = value;
    e.kind = rediskinds::kKey;
    e.raw = printable(value);
    e.rawBytes = observedBytes(key, QByteArray::fromStdString(value));
    e.holderBytes = QByteArray::fromStdString(value);
    int64_t token = 0;
    std::string owner;
    if (RedlockLock::parseValue(value, nullptr, &owner)) {
        // One of a Redlock lock's copies (one per server): LockScope's, without a token.
        e.holder = printable(owner, 200);
        obs->format = RedisObservation::Format::Redlock;
        if (OwnerProbe::isOrphaned(e.holder))
            e.flags |= LockFlag::Orphaned;
    } else if (RedisLock::parseValue(value, &token, &owner)) {
        e.holder = printable(owner, 200);
        e.token = token;
        obs->format = RedisObservation::Format::LockScope;
        if (OwnerProbe::isOrphaned(e.holder))
            e.flags |= LockFlag::Orphaned;
    } else {
        e.flags |= LockFlag::Foreign;
        if (hex32.match(QString::fromStdString(value)).hasMatch()) {
            e.holder = QString::fromStdString(value); // redis-py Lock: the token is the value
            obs->format = RedisObservation::Format::RedisPy;
        } else {
            e.holder = printable(value, 80);
            obs->format = RedisObservation::Format::Plain;
        }
    }
    e.observation = std::move(obs);
}

bool RedisScanner::classifyHash(LockEntry& e, const NamespaceConfig& config, const std::string& key,
                                const std::string& field, const std::string& count,
                                const std::string& node) {
    // Anchored at the very end ($ also matches before a final newline); ASCII digits (\d
    // matches any Unicode digit).
    static const QRegularExpression redissonField(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9a-f-]{36}:[0-9]+")));
    if (!redissonField.match(QString::fromStdString(field)).hasMatch())
        return false;
    auto obs = std::make_shared<RedisObservation>();
    obs->format = RedisObservation::Format::Redisson;
    obs->key = key;
    obs->value = field;
    obs->holdCount = QString::fromStdString(count).toInt();
    obs->node = node;
    e.kind = rediskinds::kRedisson;
    e.holder = printable(field, 80);
    e.holderBytes = QByteArray::fromStdString(field);
    e.raw = e.holder + QStringLiteral(" -> ") + printable(count, 40);
    e.rawBytes = observedBytes(key, redissonBytes(field, count));
    e.logicalResource = logicalResourceOf(config, key, false);
    e.observation = std::move(obs);
    e.flags |= LockFlag::Foreign;
    return true;
}

ScanResult RedisScanner::scan() {
    ScanResult result;
    std::vector<RedisUri> targets = m_router->scanTargets();
    // Redlock's independent servers hold LockScope's redlock locks (a copy on each).
    for (const RedisUri& r : m_config.config.redlock)
        if (std::none_of(targets.begin(), targets.end(),
                         [&](const RedisUri& t) { return t.host == r.host && t.port == r.port; }))
            targets.push_back(r);
    std::vector<std::pair<QString, RedisClient*>> nodes;
    std::map<QString, std::unique_ptr<RedisClient>> kept;
    for (const RedisUri& t : targets) {
        const QString name = HostPort{t.host, t.port}.toString();
        auto it = m_nodes.find(name);
        std::unique_ptr<RedisClient> c =
            it != m_nodes.end() ? std::move(it->second) : std::make_unique<RedisClient>(t);
        nodes.emplace_back(name, c.get());
        kept.emplace(name, std::move(c));
    }
    m_nodes = std::move(kept); // nodes no longer primaries are dropped
    if (nodes.size() == 1) {
        scanNode(*nodes.front().second, nodes.front().first, result.locks);
        return result;
    }
    // A Cluster: every primary at once, each on its own thread and connection, under the
    // caller's stop.
    std::vector<std::vector<LockEntry>> found(nodes.size());
    std::vector<std::exception_ptr> failed(nodes.size());
    {
        const std::stop_token stop = CallInterrupt::current();
        std::vector<std::jthread> threads;
        for (size_t i = 0; i < nodes.size(); ++i)
            threads.emplace_back([&, i] {
                const CallInterrupt::Scope scope(stop);
                try {
                    scanNode(*nodes[i].second, nodes[i].first, found[i]);
                } catch (...) {
                    failed[i] = std::current_exception();
                }
            });
    }
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (failed[i]) {
            m_nodes.erase(nodes[i].first);
            std::rethrow_exception(failed[i]);
        }
        std::move(found[i].begin(), found[i].end(), std::back_inserter(result.locks));
    }
    return result;
}

void RedisScanner::scanNode(RedisClient& client, const QString& node,
                            std::vector<LockEntry>& out) const {
    std::set<std::string> seen;
    const std::string nodeName = node.toStdString();
    for (const QString& pattern : m_config.redisPatterns) {
        RedisScan scan(client, pattern.toStdString(), m_config.redisScanCount);
        std::vector<std::string> batch;
        while (scan.next(batch)) {
            std::vector<std::string> keys;
            for (auto& k : batch)
                if (!isLockScopeInternal(k) && seen.insert(k).second)
                    keys.push_back(std::move(k));
            if (keys.empty())
                continue;
            std::vector<RedisClient::Args> meta;
            meta.reserve(keys.size() * 2);
            for (const auto& k : keys) {
                meta.push_back({"TYPE", k});
                meta.push_back({"PTTL", k});
            }
            const auto metaReplies = client.pipeline(meta);
            std::vector<RedisClient::Args> fetch;
            std::vector<size_t> fetchIdx;
            for (size_t i = 0; i < keys.size(); ++i) {
                const std::string& type = metaReplies[2 * i].str;
                if (type == "string")
                    fetch.push_back({"GET", keys[i]});
                else if (type == "hash")
                    fetch.push_back({"HGETALL", keys[i]});
                else
                    continue; // lists, sets, streams: not locks
                fetchIdx.push_back(i);
            }
            const auto values = client.pipeline(fetch);
            const int64_t now = QDateTime::currentMSecsSinceEpoch();
            for (size_t f = 0; f < fetchIdx.size(); ++f) {
                const size_t i = fetchIdx[f];
                const RedisReply& v = values[f];
                if (v.isNil() || v.isError())
                    continue; // expired or changed type between the two pipelines
                LockEntry e;
                e.backend = Backend::Redis;
                e.resource = displayKey(keys[i]);
                e.observedAtMs = now;
                const long long pttl = metaReplies[2 * i + 1].integer;
                if (pttl >= 0) {
                    e.leaseMs = pttl;
                } else {
                    e.flags |= LockFlag::NoExpiry;
                    if (m_config.stale.redisNoTtl)
                        e.flags |= LockFlag::Stale; // nothing will ever remove it
                }
                if (v.isArray()) {
                    // Redisson: one field "<uuid>:<threadId>" -> reentrant hold count.
                    if (v.elements.size() != 2 ||
                        !classifyHash(e, m_config.config, keys[i], v.elements[0].str,
                                      v.elements[1].str, nodeName))
                        continue; // some other hash that happens to match the pattern
                } else {
                    classifyString(e, keys[i], v.str, nodeName);
                    const auto format = e.as<RedisObservation>()->format;
                    e.logicalResource =
                        logicalResourceOf(m_config.config, keys[i],
                                          format == RedisObservation::Format::LockScope ||
                                              format == RedisObservation::Format::Redlock);
                }
                out.push_back(std::move(e));
            }
        }
    }
}

} // namespace lockscope
