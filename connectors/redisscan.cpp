#include "connectors/redisscan.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"

namespace lockscope {

RedisScan::RedisScan(RedisClient& client, std::string pattern, int count, std::string type)
    : m_client(client)
    , m_pattern(std::move(pattern))
    , m_count(count)
    , m_type(std::move(type)) {}

bool RedisScan::next(std::vector<std::string>& batch) {
    batch.clear();
    if (m_finished)
        return false;
    RedisClient::Args args{"SCAN", m_cursor, "MATCH", m_pattern, "COUNT", std::to_string(m_count)};
    if (!m_type.empty()) {
        args.push_back("TYPE");
        args.push_back(m_type);
    }
    const RedisReply r = m_client.commandChecked(args);
    if (!r.isArray() || r.elements.size() != 2 || !r.elements[1].isArray())
        throw ConnectorError(Backend::Redis, ConnectorError::Kind::Protocol, QStringLiteral("SCAN"),
                             QStringLiteral("unexpected reply shape"));
    m_cursor = r.elements[0].str;
    batch.reserve(r.elements[1].elements.size());
    for (const auto& e : r.elements[1].elements)
        batch.push_back(e.str);
    if (m_cursor == "0")
        m_finished = true;
    return !batch.empty() || !m_finished;
}

} // namespace lockscope
