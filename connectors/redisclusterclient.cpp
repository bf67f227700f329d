#include "connectors/redisclusterclient.h"

#include "connectors/connectorerror.h"
#include "connectors/endpointmemory.h"
#include "connectors/logging.h"
#include "connectors/redisclient.h"
#include "connectors/redisslot.h"

#include <QCryptographicHash>
#include <algorithm>
#include <thread>

namespace lockscope {

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

bool isKeyless(const std::string& name) {
    static const char* const names[] = {"PING",   "INFO",   "SCRIPT", "CLUSTER", "TIME",
                                        "CONFIG", "CLIENT", "ROLE",   "COMMAND", "ECHO"};
    return std::any_of(std::begin(names), std::end(names),
                       [&](const char* n) { return name == n; });
}

/// "MOVED 3999 127.0.0.1:6381" / "ASK 3999 127.0.0.1:6381" -> the target node.
bool parseRedirect(const std::string& error, const char* word, HostPort* target) {
    const std::string head = std::string(word) + ' ';
    if (error.rfind(head, 0) != 0)
        return false;
    const auto space = error.find(' ', head.size());
    if (space == std::string::npos)
        return false;
    const std::string addr = error.substr(space + 1);
    const auto colon = addr.rfind(':');
    if (colon == std::string::npos)
        return false;
    target->host = QString::fromStdString(addr.substr(0, colon));
    target->port = std::atoi(addr.c_str() + colon + 1);
    return target->port > 0;
}

/// e with node named in its detail (once: a connect error names it already).
ConnectorError onNode(const HostPort& node, const ConnectorError& e) {
    const QString name = node.toString();
    if (e.detail().startsWith(name))
        return e;
    return ConnectorError(e.backend(), e.kind(), e.operation(),
                          QStringLiteral("%1: %2").arg(name, e.detail()));
}

bool isNodeFailure(const ConnectorError& e) {
    using K = ConnectorError::Kind;
    return e.kind() == K::ConnectionLost || e.kind() == K::Timeout || e.kind() == K::Unreachable;
}

} // namespace

RedisClusterClient::RedisClusterClient(RedisUri uri, Options options)
    : m_uri(std::move(uri))
    , m_options(options) {
    if (m_uri.nodes.isEmpty())
        m_uri.nodes.append(HostPort{m_uri.host, m_uri.port});
    loadSlots();
}

RedisClusterClient::~RedisClusterClient() = default;

void RedisClusterClient::loadSlots() {
    // Nodes we already talk to first (they know the newest map), then the seeds; each once,
    // those that recently did not answer last (EndpointMemory). Each is asked under the short
    // discovery timeout: another node can answer instead.
    QList<HostPort> candidates;
    for (const Shard& s : m_shards)
        candidates.append(s.primary);
    candidates.append(m_uri.nodes);
    QStringList failures;
    for (const HostPort& node : EndpointMemory::ordered(candidates)) {
        RedisReply r;
        try {
            RedisClient& c = clientFor(node, discoveryOptions(m_options));
            c.setCommandTimeout(discoveryOptions(m_options).commandTimeout);
            r = c.command({"CLUSTER", "SLOTS"});
            c.setCommandTimeout(m_options.commandTimeout);
            EndpointMemory::answered(node);
        } catch (const ConnectorError& e) {
            m_clients.erase(node.toString());
            EndpointMemory::failed(node);
            failures.append(onNode(node, e).detail());
            continue;
        }
        if (r.isError()) {
            if (r.str.find("cluster support disabled") != std::string::npos)
                throw ConnectorError(
                    Backend::Redis, ConnectorError::Kind::InvalidArgument,
                    QStringLiteral("CLUSTER SLOTS"),
                    QStringLiteral("%1 is not a Redis Cluster node (cluster support disabled): "
                                   "use redis:// for a single server")
                        .arg(node.toString()));
            failures.append(
                QStringLiteral("%1: %2").arg(node.toString(), QString::fromStdString(r.str)));
            continue;
        }
        std::vector<Shard> shards;
        std::vector<int> owner(RedisSlot::kCount, -1);
        for (const RedisReply& range : r.elements) {
            if (!range.isArray() || range.elements.size() < 3 || !range.elements[2].isArray() ||
                range.elements[2].elements.size() < 2)
                throw ConnectorError(
                    Backend::Redis, ConnectorError::Kind::Protocol, QStringLiteral("CLUSTER SLOTS"),
                    QStringLiteral("unexpected reply from %1").arg(node.toString()));
            const auto hostPort = [&](const RedisReply& n) {
                HostPort hp{QString::fromStdString(n.elements[0].str), int(n.elements[1].integer)};
                if (hp.host.isEmpty()) // a node that does not know its own address
                    hp.host = node.host;
                return hp;
            };
            const HostPort primary = hostPort(range.elements[2]);
            const std::string id =
                range.elements[2].elements.size() > 2 ? range.elements[2].elements[2].str : "";
            auto it = std::find_if(shards.begin(), shards.end(), [&](const Shard& s) {
                return s.primary.host == primary.host && s.primary.port == primary.port;
            });
            if (it == shards.end()) {
                shards.push_back(Shard{primary, id, {}, {}});
                it = shards.end() - 1;
                for (size_t i = 3; i < range.elements.size(); ++i)
                    if (range.elements[i].isArray() && range.elements[i].elements.size() >= 2)
                        it->replicas.push_back(hostPort(range.elements[i]));
            }
            const int from = int(range.elements[0].integer), to = int(range.elements[1].integer);
            if (from < 0 || to >= RedisSlot::kCount || from > to)
                continue;
            it->slotRanges.emplace_back(from, to);
            for (int s = from; s <= to; ++s)
                owner[s] = int(it - shards.begin());
        }
        const auto uncovered = std::count(owner.begin(), owner.end(), -1);
        if (uncovered > 0)
            throw ConnectorError(Backend::Redis, ConnectorError::Kind::Server,
                                 QStringLiteral("CLUSTER SLOTS"),
                                 QStringLiteral("%1 of 16384 slots have no primary (asked %2): the "
                                                "cluster is not ok")
                                     .arg(uncovered)
                                     .arg(node.toString()));
        m_shards = std::move(shards);
        m_slotOwner = std::move(owner);
        m_stale = false;
        // Connections to nodes that are no longer primaries are dropped.
        for (auto it = m_clients.begin(); it != m_clients.end();) {
            const bool primary = std::any_of(m_shards.begin(), m_shards.end(), [&](const Shard& s) {
                return s.primary.toString() == it->first;
            });
            it = primary ? std::next(it) : m_clients.erase(it);
        }
        qCDebug(lcRedis) << "cluster slot map:" << m_shards.size() << "primaries";
        return;
    }
    throw ConnectorError(Backend::Redis, ConnectorError::Kind::Unreachable,
                         QStringLiteral("CLUSTER SLOTS"),
                         QStringLiteral("no cluster node answered: %1").arg(failures.join(u"; ")));
}

RedisClient& RedisClusterClient::clientFor(const HostPort& node) {
    return clientFor(node, m_options);
}

RedisClient& RedisClusterClient::clientFor(const HostPort& node, const Options& connectWith) {
    const QString key = node.toString();
    auto it = m_clients.find(key);
    if (it == m_clients.end()) {
        RedisUri one = m_uri.single(node);
        one.db = 0;
        auto client = std::make_unique<RedisClient>(one, connectWith);
        client->setCommandTimeout(m_options.commandTimeout);
        it = m_clients.emplace(key, std::move(client)).first;
    }
    return *it->second;
}

const HostPort& RedisClusterClient::ownerOf(int slot) const {
    return m_shards.at(size_t(m_slotOwner.at(size_t(slot)))).primary;
}

int RedisClusterClient::slotOf(const Args& args) {
    if (args.empty())
        return -1;
    const std::string name = upper(args[0]);
    if (name == "SCAN" || name == "KEYS" || name == "DBSIZE" || name == "FLUSHDB" ||
        name == "FLUSHALL" || name == "RANDOMKEY")
        throw ConnectorError(Backend::Redis, ConnectorError::Kind::InvalidArgument,
                             QString::fromStdString(name),
                             QStringLiteral("covers one node of a Redis Cluster: send it to each "
                                            "of scanTargets()"));
    if (name == "EVAL" || name == "EVALSHA") {
        if (args.size() > 3 && std::atoi(args[2].c_str()) > 0)
            return RedisSlot::of(args[3]);
        return -1;
    }
    if (isKeyless(name) || args.size() < 2)
        return -1;
    return RedisSlot::of(args[1]);
}

RedisReply RedisClusterClient::routed(int slot, const Args& args) {
    if (m_stale)
        loadSlots();
    HostPort target = slot < 0 ? m_shards.front().primary : ownerOf(slot);
    bool asking = false;
    for (int attempt = 0;; ++attempt) {
        RedisReply r;
        try {
            RedisClient& c = clientFor(target);
            if (asking) {
                auto replies = c.pipeline({{"ASKING"}, args});
                r = std::move(replies.back());
            } else {
                r = c.command(args);
            }
        } catch (const ConnectorError& e) {
            if (isNodeFailure(e)) {
                m_clients.erase(target.toString());
                m_stale = true; // the next call reloads the map: a replica may take over
            }
            throw onNode(target, e);
        }
        if (!r.isError() || attempt >= kMaxRedirects)
            return r;
        HostPort to;
        if (parseRedirect(r.str, "MOVED", &to)) {
            ++m_redirects;
            loadSlots();
            target = to;
            asking = false;
        } else if (parseRedirect(r.str, "ASK", &to)) {
            ++m_redirects;
            target = to;
            asking = true;
        } else if (r.str.rfind("TRYAGAIN", 0) == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20 * (attempt + 1)));
        } else {
            return r;
        }
    }
}

RedisReply RedisClusterClient::command(const Args& args) {
    return routed(slotOf(args), args);
}

std::vector<RedisReply> RedisClusterClient::pipeline(const std::vector<Args>& commands) {
    if (m_stale)
        loadSlots();
    // One pipeline per owning primary, replies put back in order; a redirected reply is
    // resent on its own.
    std::map<QString, std::pair<HostPort, std::vector<size_t>>> byNode;
    for (size_t i = 0; i < commands.size(); ++i) {
        const int slot = slotOf(commands[i]);
        const HostPort node = slot < 0 ? m_shards.front().primary : ownerOf(slot);
        auto& entry = byNode[node.toString()];
        entry.first = node;
        entry.second.push_back(i);
    }
    std::vector<RedisReply> replies(commands.size());
    for (auto& [name, entry] : byNode) {
        std::vector<Args> batch;
        batch.reserve(entry.second.size());
        for (size_t i : entry.second)
            batch.push_back(commands[i]);
        std::vector<RedisReply> got;
        try {
            got = clientFor(entry.first).pipeline(batch);
        } catch (const ConnectorError& e) {
            if (isNodeFailure(e)) {
                m_clients.erase(name);
                m_stale = true;
            }
            throw onNode(entry.first, e);
        }
        for (size_t k = 0; k < got.size(); ++k)
            replies[entry.second[k]] = std::move(got[k]);
    }
    for (size_t i = 0; i < replies.size(); ++i) {
        HostPort to;
        if (replies[i].isError() && (parseRedirect(replies[i].str, "MOVED", &to) ||
                                     parseRedirect(replies[i].str, "ASK", &to)))
            replies[i] = routed(slotOf(commands[i]), commands[i]);
    }
    return replies;
}

RedisReply RedisClusterClient::evalScript(const std::string& script, const Args& keys,
                                          const Args& argv) {
    const std::string sha = scriptSha(script);
    Args args{"EVALSHA", sha, std::to_string(keys.size())};
    args.insert(args.end(), keys.begin(), keys.end());
    args.insert(args.end(), argv.begin(), argv.end());
    const int slot = keys.empty() ? -1 : RedisSlot::of(keys.front());
    RedisReply r = routed(slot, args);
    if (r.isError() && r.str.rfind("NOSCRIPT", 0) == 0) {
        args[0] = "EVAL";
        args[1] = script;
        r = routed(slot, args);
    }
    return r;
}

void RedisClusterClient::setCommandTimeout(std::chrono::milliseconds timeout) {
    m_options.commandTimeout = timeout;
    for (auto& [name, client] : m_clients)
        client->setCommandTimeout(timeout);
}

std::vector<RedisUri> RedisClusterClient::scanTargets() {
    // Asked afresh for every scan, not only after a failure or a MOVED: a scan goes straight to
    // each node and never sees a redirection, so a primary promoted or added since the last
    // scan would be missed silently, with its locks. One CLUSTER SLOTS per refresh is cheap.
    loadSlots();
    std::vector<RedisUri> out;
    for (const Shard& s : m_shards) {
        RedisUri one = m_uri.single(s.primary);
        one.db = 0;
        out.push_back(one);
    }
    return out;
}

QString RedisClusterClient::describeTopology() {
    return QStringLiteral("Cluster: %1 primaries").arg(shards(false).size());
}

QString RedisClusterClient::nodeOf(const std::string& key) {
    if (m_stale)
        loadSlots();
    return ownerOf(RedisSlot::of(key)).toString();
}

std::vector<RedisClusterClient::Shard> RedisClusterClient::shards(bool refresh) {
    if (refresh || m_stale)
        loadSlots();
    return m_shards;
}

} // namespace lockscope
