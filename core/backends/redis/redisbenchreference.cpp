#include "core/backends/redis/redisbenchreference.h"

#include "connectors/hostport.h"
#include "connectors/redisclient.h"
#include "core/namespaceconfig.h"

#include <cstring>

namespace lockscope {

RedisBenchReference::RedisBenchReference(const NamespaceConfig& config)
    : m_key(config.redisPrefix() + "bench:reference") {
    // The bare client on the node that owns the key: the primary of its slot on a Cluster, the
    // current primary behind Sentinel, the server itself otherwise.
    const QString node = RedisConnection::open(config.redis)->nodeOf(m_key);
    m_client = std::make_unique<RedisClient>(config.redis.single(HostPort::parse(node, 6379)));
}

RedisBenchReference::~RedisBenchReference() = default;

QString RedisBenchReference::describe() const {
    return QStringLiteral("hiredis: SET NX PX + EVAL compare-and-delete");
}

void RedisBenchReference::cycle() {
    static const std::string del = "if redis.call('GET', KEYS[1]) == ARGV[1] then return "
                                   "redis.call('DEL', KEYS[1]) end return 0";
    const std::string value = std::to_string(++m_n);
    m_client->command({"SET", m_key, value, "NX", "PX", "10000"});
    m_client->command({"EVAL", del, "1", m_key, value});
}

double RedisBenchReference::serverCpuSeconds() {
    const std::string info = m_client->commandChecked({"INFO", "cpu"}).str;
    double total = 0;
    for (const char* key : {"used_cpu_sys:", "used_cpu_user:"}) {
        const auto pos = info.find(key);
        if (pos != std::string::npos)
            total += std::stod(info.substr(pos + std::strlen(key)));
    }
    return total;
}

} // namespace lockscope
