#pragma once

#include "core/demo/demoscenario.h"
#include "core/locks/lockstrategy.h"
#include "core/namespaceconfig.h"
#include "core/shop/cartstore.h"
#include "core/shop/orderbook.h"
#include "core/shop/paymentledger.h"
#include "core/shop/purchase.h"

#include <QString>
#include <QStringList>
#include <memory>

namespace lockscope {

/// One attempt of the shop's other races, for a demo buyer or the console's Buy page: the
/// same PurchaseRequest in and PurchaseEvent steps out as Purchaser's.
///
/// DoubleCharge (request.item = the order id): [lock "order:<id>"] -> read the order's charges
/// (ReadStock, stock = charges seen, 0 = unpaid) -> if unpaid: Paying (the request's pay delay),
/// hold point, charge the card (WroteStock stock = 1, or Fenced; a refused idempotency key is
/// SoldOut with Note::Duplicate) -> [release]. Already paid: SoldOut ("already paid").
///
/// Cart (request.item = the cart id): [lock "cart:<id>"] -> read the cart (ReadStock, stock =
/// the line's qty, PurchaseEvent::discountUses) -> Paying (the delay) -> hold point -> apply the
/// one-time code if it read unused and write the line's qty + 1 (WroteStock stock = the new
/// qty, Note::DiscountApplied or Note::Duplicate when the code was refused, or Fenced) ->
/// [release].
///
/// Strategies: none (no lock), idempotency (no lock; UNIQUE constraints and an atomic
/// increment), and every locking strategy (LockStrategy::lockingNames()). Every attempt is
/// recorded in the orders table (item = order / cart id): confirmed when it charged / wrote the
/// cart, rejected otherwise. Not thread-safe: one per buyer thread.
class RacePurchaser {
public:
    RacePurchaser(const NamespaceConfig& config, DemoScenario::Race race, const QString& strategy);
    /// The lock's and the store's connections routed apart (a demo's partition fault).
    RacePurchaser(const NamespaceConfig& config, const NamespaceConfig& lockConfig,
                  const NamespaceConfig& storeConfig, DemoScenario::Race race,
                  const QString& strategy);
    ~RacePurchaser();

    PurchaseResult purchase(const PurchaseRequest& request, const PurchaseObserver& observer = {});

    /// A fresh order (unpaid) or cart (qty kInitialCartQty, a new code) for a run.
    void reset(int item, const std::string& runId);

    DemoScenario::Race race() const { return m_race; }
    const QString& strategyName() const { return m_strategyName; }
    /// nullptr for the lock-free strategies (none, idempotency).
    LockStrategy* lock();
    PaymentLedger& ledger();
    CartStore& carts();
    OrderBook& orders() { return *m_orders; }

    /// "order:<id>" (DoubleCharge), "cart:<id>" (Cart), "item:<id>" (Stock).
    static std::string resourceFor(DemoScenario::Race race, int item);
    /// The strategies a race takes: stock: none, atomic and the locking ones; the other races:
    /// none, idempotency and the locking ones.
    static QStringList strategiesFor(DemoScenario::Race race);
    /// What a cart holds when a run starts.
    static constexpr int kInitialCartQty = 1;

private:
    PurchaseResult run(const PurchaseRequest& r, const PurchaseObserver& observer);

    NamespaceConfig m_config;
    NamespaceConfig m_lockConfig;
    NamespaceConfig m_storeConfig;
    DemoScenario::Race m_race;
    QString m_strategyName;
    std::unique_ptr<LockStrategy> m_lock;
    std::unique_ptr<PaymentLedger> m_ledger;
    std::unique_ptr<CartStore> m_carts;
    std::unique_ptr<OrderBook> m_orders;
};

} // namespace lockscope
