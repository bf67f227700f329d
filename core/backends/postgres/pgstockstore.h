#pragma once

#include "core/shop/stockstore.h"

namespace lockscope {

class PgConnection;

/// Stock in <schema>.items (stock, fence columns).
class PgStockStore : public StockStore {
public:
    explicit PgStockStore(const NamespaceConfig& config);
    ~PgStockStore() override;
    std::string name() const override { return "postgres"; }
    int read(int item) override;
    std::optional<int> readFenced(int item, int64_t token) override;
    WriteResult write(int item, int newStock, int64_t token, bool fencing) override;
    bool decrementIfAvailable(int item, int qty) override;
    void reset(int item, int stock) override;
    int64_t fence(int item) override;

private:
    std::string m_schema;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
