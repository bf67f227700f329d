#pragma once

#include "core/locks/lockstrategy.h"
#include "core/namespaceconfig.h"
#include "core/shop/orderbook.h"
#include "core/shop/purchase.h"
#include "core/shop/stockstore.h"

#include <QString>
#include <memory>

namespace lockscope {

/// Thrown from PurchaseRequest::hold to simulate a holder that dies inside the critical section:
/// its connections are dropped without releasing anything.
struct SimulatedCrash {};

/// One buyer: a strategy, a stock store and an order book, each with its own connection.
/// Not thread-safe: one Purchaser per buyer thread.
class Purchaser {
public:
    Purchaser(const NamespaceConfig& config, const QString& strategy, const QString& store);
    /// The lock's and the stock store's connections routed apart (a demo's partition fault
    /// puts a fault proxy in front of one of them); the order book uses config.
    Purchaser(const NamespaceConfig& config, const NamespaceConfig& lockConfig,
              const NamespaceConfig& storeConfig, const QString& strategy, const QString& store);
    ~Purchaser();

    PurchaseResult purchase(const PurchaseRequest& request, const PurchaseObserver& observer = {});

    const QString& strategyName() const { return m_strategyName; }
    const QString& storeName() const { return m_storeName; }
    StockStore& store() { return *m_store; }
    OrderBook& orders() { return *m_orders; }
    /// The lock strategy, created on first use (nullptr for none/atomic).
    LockStrategy* lock();
    static std::string resourceFor(int item) { return "item:" + std::to_string(item); }

private:
    PurchaseResult lockFree(const PurchaseRequest& r, const PurchaseObserver& emit);
    PurchaseResult locked(const PurchaseRequest& r, const PurchaseObserver& emit);

    NamespaceConfig m_config;
    NamespaceConfig m_lockConfig; ///< where the lock (and its watchdog) connects
    QString m_strategyName;
    QString m_storeName;
    std::unique_ptr<LockStrategy> m_lock;
    std::unique_ptr<StockStore> m_store;
    std::unique_ptr<OrderBook> m_orders;
};

} // namespace lockscope
