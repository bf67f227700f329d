#include "core/backends/redis/redisstockstore.h"

#include "connectors/connectorerror.h"
#include "connectors/redisconnection.h"

namespace lockscope {

namespace {

// KEYS: stock, fence. ARGV: new stock, token. Refuses a token below the highest accepted.
const char* const kFencedWrite = R"lua(
local fence = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[2]) < fence then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
return 1
)lua";

// KEYS: stock. ARGV: qty. DECRBY only when enough is left.
const char* const kDecrementIfAvailable = R"lua(
local stock = tonumber(redis.call('GET', KEYS[1]))
if stock == nil then
  return redis.error_reply('NOITEM no stock key ' .. KEYS[1])
end
if stock < tonumber(ARGV[1]) then
  return 0
end
redis.call('DECRBY', KEYS[1], ARGV[1])
return 1
)lua";

// KEYS: stock, fence. ARGV: token. Registers the token and returns the stock, or -1 when fenced.
const char* const kFencedRead = R"lua(
local stock = redis.call('GET', KEYS[1])
if not stock then
  return redis.error_reply('NOITEM no stock key ' .. KEYS[1])
end
local fence = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) < fence then
  return {0}
end
redis.call('SET', KEYS[2], ARGV[1])
return {1, tonumber(stock)}
)lua";

} // namespace

RedisStockStore::RedisStockStore(const NamespaceConfig& config)
    : m_prefix(config.redisItemPrefix())
    , m_client(RedisConnection::open(config.redis)) {}

RedisStockStore::~RedisStockStore() = default;

std::string RedisStockStore::stockKey(int item) const {
    return m_prefix + "item:{" + std::to_string(item) + "}:stock";
}

std::string RedisStockStore::fenceKey(int item) const {
    return m_prefix + "item:{" + std::to_string(item) + "}:fence";
}

int RedisStockStore::read(int item) {
    const RedisReply r = m_client->commandChecked({"GET", stockKey(item)});
    if (r.isNil())
        throw ConnectorError(
            Backend::Redis, ConnectorError::Kind::NotFound, QStringLiteral("read stock"),
            QStringLiteral("no key %1").arg(QString::fromStdString(stockKey(item))));
    try {
        return std::stoi(r.str);
    } catch (...) {
        throw ConnectorError(
            Backend::Redis, ConnectorError::Kind::Protocol, QStringLiteral("read stock"),
            QStringLiteral("%1 holds '%2', not a number")
                .arg(QString::fromStdString(stockKey(item)), QString::fromStdString(r.str)));
    }
}

std::optional<int> RedisStockStore::readFenced(int item, int64_t token) {
    const RedisReply r = m_client->evalScript(kFencedRead, {stockKey(item), fenceKey(item)},
                                              {std::to_string(token)});
    if (r.isError())
        throw ConnectorError(Backend::Redis,
                             r.str.rfind("NOITEM", 0) == 0 ? ConnectorError::Kind::NotFound
                                                           : ConnectorError::Kind::Server,
                             QStringLiteral("read stock"), QString::fromStdString(r.str));
    if (!r.isArray() || r.elements.empty() || r.elements[0].integer != 1)
        return std::nullopt;
    return static_cast<int>(r.elements[1].integer);
}

StockStore::WriteResult RedisStockStore::write(int item, int newStock, int64_t token,
                                               bool fencing) {
    if (!fencing) {
        m_client->commandChecked({"SET", stockKey(item), std::to_string(newStock)});
        return WriteResult::Written;
    }
    const RedisReply r = m_client->evalScript(kFencedWrite, {stockKey(item), fenceKey(item)},
                                              {std::to_string(newStock), std::to_string(token)});
    if (r.isError())
        throw ConnectorError(Backend::Redis, ConnectorError::Kind::Server,
                             QStringLiteral("write stock"), QString::fromStdString(r.str));
    return r.integer == 1 ? WriteResult::Written : WriteResult::Fenced;
}

bool RedisStockStore::decrementIfAvailable(int item, int qty) {
    const RedisReply r =
        m_client->evalScript(kDecrementIfAvailable, {stockKey(item)}, {std::to_string(qty)});
    if (r.isError())
        throw ConnectorError(Backend::Redis, ConnectorError::Kind::Server,
                             QStringLiteral("decrement stock"), QString::fromStdString(r.str));
    return r.integer == 1;
}

void RedisStockStore::reset(int item, int stock) {
    const auto replies = m_client->pipeline(
        {{"SET", stockKey(item), std::to_string(stock)}, {"DEL", fenceKey(item)}});
    // A refused write (NOPERM: a user without the demo's grant) is not a loaded stock.
    for (const RedisReply& r : replies)
        if (r.isError())
            throw ConnectorError(Backend::Redis,
                                 r.isNoPerm() ? ConnectorError::Kind::NoAuth
                                              : ConnectorError::Kind::Server,
                                 QStringLiteral("reset stock"), QString::fromStdString(r.str));
}

int64_t RedisStockStore::fence(int item) {
    const RedisReply r = m_client->commandChecked({"GET", fenceKey(item)});
    return r.isNil() ? 0 : std::stoll(r.str);
}

} // namespace lockscope
