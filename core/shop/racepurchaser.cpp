#include "core/shop/racepurchaser.h"

#include "core/backends/permissionadvice.h"
#include "core/interruptiblewait.h"
#include "core/locks/lockwatchdog.h"
#include "core/shop/purchaser.h"
#include "core/shop/purchasesteps.h"

namespace lockscope {

namespace {

using Step = PurchaseEvent::Step;
using Note = PurchaseEvent::Note;
using Outcome = PurchaseResult::Outcome;
using Race = DemoScenario::Race;

/// The pay delay, then the hold point (faults, the console's pause): the last step before the
/// write. hold() may throw SimulatedCrash.
void payAndHold(const PurchaseRequest& r) {
    waitUnlessStopped(r.stop, r.pay);
    if (r.hold)
        r.hold();
}

} // namespace

RacePurchaser::RacePurchaser(const NamespaceConfig& config, DemoScenario::Race race,
                             const QString& strategy)
    : RacePurchaser(config, config, config, race, strategy) {}

RacePurchaser::RacePurchaser(const NamespaceConfig& config, const NamespaceConfig& lockConfig,
                             const NamespaceConfig& storeConfig, DemoScenario::Race race,
                             const QString& strategy)
    : m_config(config)
    , m_lockConfig(lockConfig)
    , m_storeConfig(storeConfig)
    , m_race(race)
    , m_strategyName(strategy)
    , m_orders(std::make_unique<OrderBook>(config)) {
    config.requireWritable(QStringLiteral("a purchase"));
    if (race == Race::Stock)
        throw std::invalid_argument("RacePurchaser plays the double-charge and cart races; the "
                                    "stock race is Purchaser's");
    if (!strategiesFor(race).contains(strategy))
        throw std::invalid_argument("strategy '" + strategy.toStdString() +
                                    "' does not apply to the " +
                                    DemoScenario::raceName(race).toStdString() + " race");
    if (race == Race::DoubleCharge)
        ledger();
    else
        carts();
    lock();
}

RacePurchaser::~RacePurchaser() = default;

QStringList RacePurchaser::strategiesFor(DemoScenario::Race race) {
    const QString lockFree =
        race == Race::Stock ? QStringLiteral("atomic") : QStringLiteral("idempotency");
    return QStringList{QStringLiteral("none"), lockFree} + LockStrategy::lockingNames();
}

std::string RacePurchaser::resourceFor(DemoScenario::Race race, int item) {
    switch (race) {
    case Race::Stock:
        break;
    case Race::DoubleCharge:
        return "order:" + std::to_string(item);
    case Race::Cart:
        return "cart:" + std::to_string(item);
    }
    return Purchaser::resourceFor(item);
}

LockStrategy* RacePurchaser::lock() {
    if (m_strategyName == u"none" || m_strategyName == u"idempotency")
        return nullptr;
    if (!m_lock)
        m_lock = LockStrategy::create(m_strategyName, m_lockConfig);
    return m_lock.get();
}

PaymentLedger& RacePurchaser::ledger() {
    if (!m_ledger)
        m_ledger = PaymentLedger::create(m_storeConfig);
    return *m_ledger;
}

CartStore& RacePurchaser::carts() {
    if (!m_carts)
        m_carts = CartStore::create(m_storeConfig);
    return *m_carts;
}

void RacePurchaser::reset(int item, const std::string& runId) {
    if (m_race == Race::DoubleCharge)
        ledger().reset(item, runId);
    else
        carts().reset(item, kInitialCartQty, runId);
}

PurchaseResult RacePurchaser::purchase(const PurchaseRequest& r, const PurchaseObserver& observer) {
    try {
        return run(r, observer);
    } catch (const SimulatedCrash&) {
        // Dies without releasing: the lock's connection just goes away.
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
        m_lock.reset();
        m_ledger.reset();
        m_carts.reset();
        PurchaseResult res;
        res.outcome = Outcome::Error;
        res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
        return res;
    }
}

PurchaseResult RacePurchaser::run(const PurchaseRequest& r, const PurchaseObserver& observer) {
    const PurchaseSteps report(observer, r);
    PurchaseResult res;
    const std::string strategy = m_strategyName.toStdString();
    const std::string store = "postgres";
    const bool idempotency = m_strategyName == u"idempotency";
    LockStrategy* strat = nullptr;
    std::optional<LockHandle> handle;
    std::unique_ptr<LockWatchdog> watchdog;

    // [lock]
    if (lock()) {
        report(Step::WaitingForLock);
        try {
            strat = lock();
            handle = strat->acquire(resourceFor(m_race, r.item), LockOptions{r.lease, r.wait});
            res.lockWait = report.elapsed();
        } catch (const std::exception& e) {
            res.outcome = Outcome::Error;
            res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
            m_lock.reset(); // reconnect next time
            report(Step::Failed, 0, -1, Note::None, res.error);
            res.total = report.elapsed();
            return res;
        }
        if (!handle) {
            res.outcome = Outcome::LockTimeout;
            res.orderId = m_orders->recordRejected(r.runId, r.item, r.buyer, 1, strategy, store,
                                                   "lock timeout");
            report(Step::LockTimeout);
            res.total = report.elapsed();
            report(Step::Done);
            return res;
        }
        res.token = handle->token();
        report(Step::Acquired, res.token, -1, Note::None, handle->raw());
        if (r.watchdog && strat->hasLease())
            watchdog = std::make_unique<LockWatchdog>(
                LockStrategy::create(m_strategyName, m_lockConfig), *handle);
    }
    const int64_t token = res.token;
    const bool fencing = handle && r.fencing;

    auto release = [&] {
        if (!handle)
            return;
        if (watchdog)
            watchdog->stop();
        if (r.releaseDelay.count() > 0)
            waitUnlessStopped(r.stop, r.releaseDelay);
        try {
            const bool released = strat->release(*handle) == LockStrategy::ReleaseResult::Released;
            report(Step::Released, token, -1, released ? Note::ReleasedOwn : Note::NotOwnerAnyMore);
        } catch (const std::exception& e) {
            report(Step::Failed, token, -1, Note::ReleaseFailed, e.what());
            m_lock.reset();
        }
    };
    auto reject = [&](Outcome outcome, const std::string& reason) {
        res.outcome = outcome;
        res.orderId =
            m_orders->recordRejected(r.runId, r.item, r.buyer, 1, strategy, store, reason);
    };
    auto fencedAtRead = [&] {
        reject(Outcome::Fenced,
               "fenced: token " + std::to_string(token) + " is below the highest seen");
        report(Step::Fenced, token, -1, Note::ReadRefused);
    };
    auto fencedAtWrite = [&](int read) {
        reject(Outcome::Fenced,
               "fenced: token " + std::to_string(token) + " is below the highest seen");
        report(Step::Fenced, token, read, Note::WriteRefused);
    };

    try {
        res.lockLostInCriticalSection = false;
        if (m_race == Race::DoubleCharge) {
            PaymentLedger& l = ledger();
            const std::optional<int> seen =
                fencing ? l.chargesFenced(r.item, token) : std::optional<int>(l.charges(r.item));
            if (!seen) {
                fencedAtRead();
            } else {
                res.stockRead = *seen;
                report(Step::ReadStock, token, *seen);
                if (*seen > 0) {
                    reject(Outcome::SoldOut, "already paid");
                    report(Step::SoldOut, token, *seen, Note::AlreadyPaid);
                } else {
                    report(Step::Paying, token, *seen);
                    payAndHold(r);
                    res.lockLostInCriticalSection = handle && handle->mayBeLost();
                    switch (l.charge(r.item, r.runId, r.buyer, token, fencing, idempotency)) {
                    case PaymentLedger::ChargeResult::Charged: {
                        res.stockWritten = 1;
                        const int64_t order =
                            m_orders->reserve(r.runId, r.item, r.buyer, 1, strategy, store, token);
                        m_orders->confirm(order);
                        res.orderId = order;
                        res.outcome = Outcome::Confirmed;
                        report(Step::WroteStock, token, 1);
                        break;
                    }
                    case PaymentLedger::ChargeResult::Duplicate:
                        res.duplicate = true;
                        reject(Outcome::SoldOut, "already paid (idempotency key taken)");
                        report(Step::SoldOut, token, *seen, Note::Duplicate);
                        break;
                    case PaymentLedger::ChargeResult::Fenced:
                        fencedAtWrite(*seen);
                        break;
                    }
                }
            }
        } else {
            CartStore& c = carts();
            const std::optional<CartStore::Cart> seen =
                fencing ? c.readFenced(r.item, token) : std::optional(c.read(r.item));
            if (!seen) {
                fencedAtRead();
            } else {
                res.stockRead = seen->qty;
                report(Step::ReadStock, token, seen->qty, Note::None, {}, seen->discountUses);
                report(Step::Paying, token, seen->qty);
                payAndHold(r);
                res.lockLostInCriticalSection = handle && handle->mayBeLost();
                CartStore::Edit edit;
                edit.applyDiscount = seen->discountUses == 0;
                edit.newQty = idempotency ? -1 : seen->qty + 1;
                edit.enforceOnce = idempotency;
                const CartStore::EditResult w =
                    c.write(r.item, edit, r.runId, r.buyer, token, fencing);
                if (w.fenced) {
                    fencedAtWrite(seen->qty);
                } else {
                    res.stockWritten = w.qty;
                    res.discountApplied = w.discountApplied;
                    res.duplicate = w.discountDuplicate;
                    const int64_t order =
                        m_orders->reserve(r.runId, r.item, r.buyer, 1, strategy, store, token);
                    m_orders->confirm(order);
                    res.orderId = order;
                    res.outcome = Outcome::Confirmed;
                    const Note note = w.discountDuplicate ? Note::Duplicate
                                      : w.discountApplied ? Note::DiscountApplied
                                      : idempotency       ? Note::AtomicIncrement
                                                          : Note::None;
                    report(Step::WroteStock, token, w.qty, note);
                }
            }
        }
        release();
    } catch (const SimulatedCrash&) {
        if (watchdog)
            watchdog->stop();
        throw;
    } catch (const std::exception& e) {
        res.outcome = Outcome::Error;
        res.error = PermissionAdvice::explain(m_config, e, AccessRole::Demo).toStdString();
        m_ledger.reset();
        m_carts.reset();
        report(Step::Failed, token, -1, Note::None, res.error);
        release();
    }
    res.total = report.elapsed();
    report(Step::Done, token);
    return res;
}

} // namespace lockscope
