#pragma once

#include "core/shop/stockstore.h"

namespace lockscope {

class RedisConnection;

/// Stock in Redis: item:{<id>}:stock, and item:{<id>}:fence (one hash tag: one Cluster slot) for
/// the highest accepted token (both prefixed "<ns>:" outside the default namespace). Writes are Lua
/// scripts.
class RedisStockStore : public StockStore {
public:
    explicit RedisStockStore(const NamespaceConfig& config);
    ~RedisStockStore() override;
    std::string name() const override { return "redis"; }
    int read(int item) override;
    std::optional<int> readFenced(int item, int64_t token) override;
    WriteResult write(int item, int newStock, int64_t token, bool fencing) override;
    bool decrementIfAvailable(int item, int qty) override;
    void reset(int item, int stock) override;
    int64_t fence(int item) override;

    std::string stockKey(int item) const;
    std::string fenceKey(int item) const;

private:
    std::string m_prefix;
    std::unique_ptr<RedisConnection> m_client;
};

} // namespace lockscope
