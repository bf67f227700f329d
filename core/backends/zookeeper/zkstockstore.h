#pragma once

#include "connectors/zookeeperuri.h"
#include "core/shop/stockstore.h"

namespace lockscope {

class ZkSession;

/// Stock in ZooKeeper: <inventory root>/item_<id>/stock holds the number as text, and
/// <inventory root>/item_<id>/fence the highest accepted token. A fenced write is one multi():
/// set fence (conditional on the version read) + set stock, so it is atomic.
class ZkStockStore : public StockStore {
public:
    explicit ZkStockStore(const NamespaceConfig& config);
    ~ZkStockStore() override;
    std::string name() const override { return "zookeeper"; }
    int read(int item) override;
    std::optional<int> readFenced(int item, int64_t token) override;
    WriteResult write(int item, int newStock, int64_t token, bool fencing) override;
    bool decrementIfAvailable(int item, int qty) override;
    void reset(int item, int stock) override;
    int64_t fence(int item) override;

    std::string itemPath(int item) const;
    /// The current session (tests expire it; the next call replaces an expired one).
    ZkSession& session() { return *m_session; }

private:
    /// The session, a new one when the last expired or was closed.
    ZkSession& live();

    std::string m_root;
    ZooKeeperUri m_uri;
    std::unique_ptr<ZkSession> m_session;
};

} // namespace lockscope
