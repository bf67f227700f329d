#include "core/backends/zookeeper/zkstockstore.h"

#include "connectors/connectorerror.h"
#include "connectors/zksession.h"

namespace lockscope {

namespace {

int64_t parseNumber(const std::string& text, const std::string& path) {
    try {
        size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used == text.size())
            return v;
    } catch (...) {
    }
    throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Protocol, QStringLiteral("read"),
                         QStringLiteral("%1 holds '%2', not a number")
                             .arg(QString::fromStdString(path), QString::fromStdString(text)));
}

} // namespace

ZkStockStore::ZkStockStore(const NamespaceConfig& config)
    : m_root(config.zkInventoryRoot())
    , m_uri(config.zookeeper)
    , m_session(std::make_unique<ZkSession>(config.zookeeper)) {}

ZkStockStore::~ZkStockStore() = default;

ZkSession& ZkStockStore::live() {
    // A session the server expired (it was down longer than the session timeout) never comes
    // back: start a new one on the next use instead of failing forever.
    const ZkSession::State s = m_session ? m_session->state() : ZkSession::State::Closed;
    if (s == ZkSession::State::Expired || s == ZkSession::State::Closed) {
        m_session.reset();
        m_session = std::make_unique<ZkSession>(m_uri);
    }
    return *m_session;
}

std::string ZkStockStore::itemPath(int item) const {
    return m_root + "/item_" + std::to_string(item);
}

int ZkStockStore::read(int item) {
    const std::string path = itemPath(item) + "/stock";
    const auto node = live().get(path);
    if (!node)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::NotFound,
                             QStringLiteral("read stock"),
                             QStringLiteral("no node %1").arg(QString::fromStdString(path)));
    return static_cast<int>(parseNumber(node->data, path));
}

std::optional<int> ZkStockStore::readFenced(int item, int64_t token) {
    const std::string stockPath = itemPath(item) + "/stock";
    const std::string fencePath = itemPath(item) + "/fence";
    for (;;) {
        const auto stock = live().get(stockPath);
        if (!stock)
            throw ConnectorError(
                Backend::ZooKeeper, ConnectorError::Kind::NotFound, QStringLiteral("read stock"),
                QStringLiteral("no node %1").arg(QString::fromStdString(stockPath)));
        const auto f = live().get(fencePath);
        const int64_t highest = f && !f->data.empty() ? parseNumber(f->data, fencePath) : 0;
        if (token < highest)
            return std::nullopt;
        try {
            // Atomically: the stock is still what we read, and the fence now says our token.
            live().multi({{ZkSession::Op::Type::Check, stockPath, {}, stock->stat.version},
                          {ZkSession::Op::Type::Set, fencePath, std::to_string(token),
                           f ? f->stat.version : -1}});
            return static_cast<int>(parseNumber(stock->data, stockPath));
        } catch (const ConnectorError& e) {
            if (e.kind() != ConnectorError::Kind::BadVersion)
                throw;
        }
    }
}

StockStore::WriteResult ZkStockStore::write(int item, int newStock, int64_t token, bool fencing) {
    const std::string stock = itemPath(item) + "/stock";
    if (!fencing) {
        live().set(stock, std::to_string(newStock));
        return WriteResult::Written;
    }
    const std::string fencePath = itemPath(item) + "/fence";
    for (;;) {
        const auto f = live().get(fencePath);
        const int64_t highest = f && !f->data.empty() ? parseNumber(f->data, fencePath) : 0;
        if (token < highest)
            return WriteResult::Fenced;
        try {
            live().multi({{ZkSession::Op::Type::Set, fencePath, std::to_string(token),
                           f ? f->stat.version : -1},
                          {ZkSession::Op::Type::Set, stock, std::to_string(newStock), -1}});
            return WriteResult::Written;
        } catch (const ConnectorError& e) {
            if (e.kind() != ConnectorError::Kind::BadVersion)
                throw;
            // Someone wrote the fence in between: compare again.
        }
    }
}

bool ZkStockStore::decrementIfAvailable(int item, int qty) {
    const std::string path = itemPath(item) + "/stock";
    for (;;) {
        const auto node = live().get(path);
        if (!node)
            throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::NotFound,
                                 QStringLiteral("decrement stock"),
                                 QStringLiteral("no node %1").arg(QString::fromStdString(path)));
        const int64_t stock = parseNumber(node->data, path);
        if (stock < qty)
            return false;
        try {
            live().set(path, std::to_string(stock - qty), node->stat.version);
            return true;
        } catch (const ConnectorError& e) {
            if (e.kind() != ConnectorError::Kind::BadVersion)
                throw;
        }
    }
}

void ZkStockStore::reset(int item, int stock) {
    const std::string dir = itemPath(item);
    live().ensurePath(dir);
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"stock", std::to_string(stock)}, {"fence", "0"}}) {
        try {
            live().create(dir + "/" + name, value, ZkSession::CreateMode::Persistent);
        } catch (const ConnectorError& e) {
            if (e.kind() != ConnectorError::Kind::Exists)
                throw;
            live().set(dir + "/" + name, value);
        }
    }
}

int64_t ZkStockStore::fence(int item) {
    const std::string path = itemPath(item) + "/fence";
    const auto node = live().get(path);
    return node && !node->data.empty() ? parseNumber(node->data, path) : 0;
}

} // namespace lockscope
