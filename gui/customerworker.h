#pragma once

#include "core/demo/demoscenario.h"
#include "core/namespaceconfig.h"
#include "core/shop/purchase.h"

#include <QObject>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace lockscope {

class Purchaser;
class RacePurchaser;

/// One hand-driven customer on the Buy page, on a thread of its own: runs purchases and reports
/// each step as it happens, as typed values (the page translates them for display only).
/// setPaused() (any thread) makes a holder stall inside its critical
/// section until resumed - long enough to overstay its lease.
class CustomerWorker : public QObject {
    Q_OBJECT
public:
    CustomerWorker(NamespaceConfig config, QString name);
    ~CustomerWorker() override;
    void setPaused(bool paused);
    /// The steady clock in microseconds: the clock of started() and paused(), one for every
    /// customer of the process (the Buy page's diagram puts both on it).
    static qint64 steadyNowUs();
    /// Wakes a paused holder for good (shutdown).
    void shutdown();

public slots:
    void buy(const QString& strategy, const QString& store, int item, int payMs, int leaseMs);
    /// The same for any race: stock (as buy()), double-charge (item = the order: a payment
    /// confirmation; its "stock" is the order's charges, an order made when there is none).
    void buyRace(lockscope::DemoScenario::Race race, const QString& strategy, const QString& store,
                 int item, int payMs, int leaseMs);
    void resetStock(const QString& store, int item, int stock);
    /// Double-charge: a fresh unpaid order (stockReset(0) after).
    void resetOrder(lockscope::DemoScenario::Race race, int item);

signals:
    /// A purchase is about to start: the item's stock in the store right before it (the Buy
    /// page's verdict compares the orders confirmed against it); -1 when the store could not say.
    /// steadyUs: the purchase starts now (steadyNowUs()); its steps' elapsed count from here.
    void started(int stockBefore, qint64 steadyUs);
    /// The holder stood paused in its critical section from .. to (steadyNowUs()).
    void paused(qint64 fromSteadyUs, qint64 toSteadyUs);
    void step(const lockscope::PurchaseEvent& event);
    /// A purchase ended; stockAfter is the store's stock read right after it.
    void done(const lockscope::PurchaseResult& result, int stockAfter);
    /// resetStock() set the item's stock.
    void stockReset(int stock);
    /// A purchase or reset could not run (a server failed); error is for display.
    void failed(const QString& error);

private:
    NamespaceConfig m_config;
    QString m_name;
    PurchaseRequest request(int item, int payMs, int leaseMs);
    std::unique_ptr<Purchaser> m_purchaser;
    std::unique_ptr<RacePurchaser> m_racePurchaser;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_paused = false;
    bool m_shutdown = false;
};

} // namespace lockscope
