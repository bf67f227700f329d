#include "core/shop/purchaser.h"

#include "connectors/connectorerror.h"
#include "core/backends/permissionadvice.h"
#include "core/interruptiblewait.h"
#include "core/locks/lockwatchdog.h"
#include "core/logging.h"
#include "core/shop/purchasesteps.h"

namespace lockscope {

namespace {

using Step = PurchaseEvent::Step;
using Note = PurchaseEvent::Note;
using Outcome = PurchaseResult::Outcome;

/// The critical section's middle, the same for every strategy: reserve the order, pay (the
/// simulated delay), mark it paid, then the hold point (pause or crash faults, the console's
/// "pause this holder").
int64_t reserveAndPay(OrderBook& orders, const PurchaseRequest& r, const std::string& strategy,
                      const std::string& store, int64_t token,
                      const std::function<void()>& paying) {
    const int64_t order = orders.reserve(r.runId, r.item, r.buyer, r.qty, strategy, store, token);
    paying();
    waitUnlessStopped(r.stop, r.pay);
    orders.markPaid(order);
    if (r.hold)
        r.hold();
    return order;
}

} // namespace

Purchaser::Purchaser(const NamespaceConfig& config, const QString& strategy, const QString& store)
    : Purchaser(config, config, config, strategy, store) {}

Purchaser::Purchaser(const NamespaceConfig& config, const NamespaceConfig& lockConfig,
                     const NamespaceConfig& storeConfig, const QString& strategy,
                     const QString& store)
    : m_config(config)
    , m_lockConfig(lockConfig)
    , m_strategyName(strategy)
    , m_storeName(store)
    , m_store(StockStore::create(store, storeConfig))
    , m_orders(std::make_unique<OrderBook>(config)) {
    config.requireWritable(QStringLiteral("a purchase"));
    if (!LockStrategy::allNames().contains(strategy))
        throw std::invalid_argument("unknown strategy '" + strategy.toStdString() + "'");
    lock();
}

Purchaser::~Purchaser() = default;

LockStrategy* Purchaser::lock() {
    if (!m_lock)
        m_lock = LockStrategy::create(m_strategyName, m_lockConfig);
    return m_lock.get();
}

PurchaseResult Purchaser::purchase(const PurchaseRequest& r, const PurchaseObserver& observer) {
    const bool lockFreeStrategy = m_strategyName == u"none" || m_strategyName == u"atomic";
    try {
        return lockFreeStrategy ? lockFree(r, observer) : locked(r, observer);
    } catch (const SimulatedCrash&) {
        // Die without releasing: the connection (Redis), session (ZooKeeper) or transaction
        // (PostgreSQL) just goes away, as when a process is killed.
        m_lock.reset();
        PurchaseResult res;
        res.outcome = Outcome::Error;
        res.crashed = true;
        res.error = "crashed in the critical section (simulated)";
        if (observer) {
            PurchaseEvent e;
            e.step = Step::Failed;
            e.note = Note::Crashed;
            e.buyer = r.buyer;
            e.item = r.item;
            observer(e);
        }
        return res;
    } catch (const std::exception& e) {
        // Whatever a library threw (the catches inside cover the connectors' typed errors):
        // a failed attempt with its reason, and fresh connections next time.
        m_lock.reset();
        PurchaseResult res;
        res.outcome = Outcome::Error;
        res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
        return res;
    }
}

PurchaseResult Purchaser::lockFree(const PurchaseRequest& r, const PurchaseObserver& observer) {
    const PurchaseSteps report(observer, r);
    PurchaseResult res;
    const std::string strategy = m_strategyName.toStdString();
    const std::string store = m_storeName.toStdString();
    try {
        if (m_strategyName == u"atomic") {
            // Pay first, then one conditional write; a failed write is a sold-out refund.
            const int64_t order =
                reserveAndPay(*m_orders, r, strategy, store, 0, [&] { report(Step::Paying); });
            res.orderId = order;
            if (!m_store->decrementIfAvailable(r.item, r.qty)) {
                m_orders->reject(order, "sold out");
                res.outcome = Outcome::SoldOut;
                report(Step::SoldOut);
            } else {
                m_orders->confirm(order);
                res.outcome = Outcome::Confirmed;
                report(Step::WroteStock, 0, -1, Note::ConditionalDecrement);
            }
        } else {
            // `none`: the naive read-check-write that oversells.
            const int stock = m_store->read(r.item);
            res.stockRead = stock;
            report(Step::ReadStock, 0, stock);
            if (stock < r.qty) {
                res.orderId = m_orders->recordRejected(r.runId, r.item, r.buyer, r.qty, strategy,
                                                       store, "sold out");
                res.outcome = Outcome::SoldOut;
                report(Step::SoldOut, 0, stock);
            } else {
                const int64_t order =
                    reserveAndPay(*m_orders, r, strategy, store, 0, [&] { report(Step::Paying); });
                res.orderId = order;
                m_store->write(r.item, stock - r.qty, 0, false);
                res.stockWritten = stock - r.qty;
                m_orders->confirm(order);
                res.outcome = Outcome::Confirmed;
                report(Step::WroteStock, 0, stock - r.qty);
            }
        }
    } catch (const std::exception& e) {
        res.outcome = Outcome::Error;
        res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
        report(Step::Failed, 0, -1, Note::None, res.error);
    }
    res.total = report.elapsed();
    report(Step::Done);
    return res;
}

namespace {

/// Names written on orders: which strategy and store served them.
struct OrderLabels {
    std::string strategy;
    std::string store;
};

/// The critical section under a held lock: read the stock (fenced: a holder whose lock has
/// passed on is refused here already), check it, reserve and pay, write (fenced), confirm or
/// reject the order. Fills res. Throws ConnectorError, and SimulatedCrash from the hold point.
void underLock(StockStore& store, OrderBook& orders, const PurchaseRequest& r,
               const OrderLabels& labels, const LockHandle& handle, const PurchaseSteps& report,
               PurchaseResult& res) {
    const int64_t token = handle.token();
    const std::optional<int> read =
        r.fencing ? store.readFenced(r.item, token) : std::optional<int>(store.read(r.item));
    if (!read) {
        // A newer holder has touched the item since: we lost the lock before we even read.
        res.orderId = orders.recordRejected(
            r.runId, r.item, r.buyer, r.qty, labels.strategy, labels.store,
            "fenced: token " + std::to_string(token) + " is below the highest seen");
        res.outcome = Outcome::Fenced;
        report(Step::Fenced, token, -1, Note::ReadRefused);
        return;
    }
    const int stock = *read;
    res.stockRead = stock;
    report(Step::ReadStock, token, stock);
    if (stock < r.qty) {
        res.orderId = orders.recordRejected(r.runId, r.item, r.buyer, r.qty, labels.strategy,
                                            labels.store, "sold out");
        res.outcome = Outcome::SoldOut;
        report(Step::SoldOut, token, stock);
        return;
    }
    // hold() may throw SimulatedCrash: the lock is then never released.
    const int64_t order = reserveAndPay(orders, r, labels.strategy, labels.store, token,
                                        [&] { report(Step::Paying, token, stock); });
    res.orderId = order;
    res.lockLostInCriticalSection = handle.mayBeLost();
    if (store.write(r.item, stock - r.qty, token, r.fencing) == StockStore::WriteResult::Fenced) {
        orders.reject(order, "fenced: token " + std::to_string(token) +
                                 " is below the highest accepted token");
        res.outcome = Outcome::Fenced;
        report(Step::Fenced, token, stock, Note::WriteRefused);
        return;
    }
    res.stockWritten = stock - r.qty;
    orders.confirm(order);
    res.outcome = Outcome::Confirmed;
    report(Step::WroteStock, token, stock - r.qty);
}

/// Stops the watchdog, waits out a slow-release fault, releases (only if still ours) and says
/// what happened. False when the server failed (the connection should be dropped).
bool releaseHeld(LockStrategy& strategy, LockHandle& handle, LockWatchdog* watchdog,
                 const PurchaseRequest& r, const PurchaseSteps& report) {
    if (watchdog)
        watchdog->stop();
    if (r.releaseDelay.count() > 0)
        waitUnlessStopped(r.stop, r.releaseDelay);
    try {
        const bool released = strategy.release(handle) == LockStrategy::ReleaseResult::Released;
        report(Step::Released, handle.token(), -1,
               released ? Note::ReleasedOwn : Note::NotOwnerAnyMore);
        return true;
    } catch (const std::exception& e) {
        report(Step::Failed, handle.token(), -1, Note::ReleaseFailed, e.what());
        return false;
    }
}

} // namespace

PurchaseResult Purchaser::locked(const PurchaseRequest& r, const PurchaseObserver& observer) {
    const PurchaseSteps report(observer, r);
    PurchaseResult res;
    const OrderLabels labels{m_strategyName.toStdString(), m_storeName.toStdString()};
    report(Step::WaitingForLock);
    LockStrategy* strat = nullptr;
    std::optional<LockHandle> handle;
    try {
        strat = lock(); // connects on first use: a server that is down is a failed attempt
        handle = strat->acquire(resourceFor(r.item), LockOptions{r.lease, r.wait});
        res.lockWait = report.elapsed();
        if (!handle) {
            res.outcome = Outcome::LockTimeout;
            res.orderId = m_orders->recordRejected(r.runId, r.item, r.buyer, r.qty, labels.strategy,
                                                   labels.store, "lock timeout");
            report(Step::LockTimeout);
        }
    } catch (const std::exception& e) {
        res.outcome = Outcome::Error;
        res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
        m_lock.reset(); // reconnect next time
        report(Step::Failed, 0, -1, Note::None, res.error);
        res.total = report.elapsed();
        return res;
    }
    if (!handle) {
        res.total = report.elapsed();
        report(Step::Done);
        return res;
    }
    res.token = handle->token();
    report(Step::Acquired, handle->token(), -1, Note::None, handle->raw());

    std::unique_ptr<LockWatchdog> watchdog;
    if (r.watchdog && strat->hasLease())
        watchdog = std::make_unique<LockWatchdog>(
            LockStrategy::create(m_strategyName, m_lockConfig), *handle);
    auto release = [&] {
        if (!releaseHeld(*strat, *handle, watchdog.get(), r, report))
            m_lock.reset();
    };
    try {
        underLock(*m_store, *m_orders, r, labels, *handle, report, res);
        release();
    } catch (const std::exception& e) {
        res.outcome = Outcome::Error;
        res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
        report(Step::Failed, handle->token(), -1, Note::None, res.error);
        release();
    } catch (const SimulatedCrash&) {
        if (watchdog)
            watchdog->stop();
        throw;
    }
    res.total = report.elapsed();
    report(Step::Done, handle->token());
    return res;
}

} // namespace lockscope
