#pragma once

#include "core/demo/demohistory.h"
#include "core/diagram/sequencediagram.h"
#include "core/shop/purchase.h"

#include <QList>
#include <QStringList>
#include <chrono>
#include <vector>

namespace lockscope {

/// Builds a SequenceDiagram from a demo run's history (`demo render`, the Demo page's replay) or
/// live, from a Buy page's PurchaseEvents, and computes its verdicts.
class SequenceDiagramBuilder {
public:
    /// At most this many actor lanes from a history.
    static constexpr int kMaxActors = 8;

    /// From a demo history (core/demo/demohistory.h): the records (and FaultEvents) of one
    /// item, for the given buyers (empty: the item's first two contending buyers, or all when
    /// fewer contended, capped at kMaxActors).
    static SequenceDiagram fromHistory(const DemoHistory::Loaded& h, int item,
                                       const QList<int>& buyers = {});
    /// The buyers that have records for the item, in order of their first attempt.
    static QList<int> buyersOf(const DemoHistory::Loaded& h, int item);
    /// The items of the history, in order of their first record.
    static QList<int> itemsOf(const DemoHistory::Loaded& h);
    /// The buyers fromHistory() picks when none are given.
    static QList<int> defaultBuyers(const DemoHistory::Loaded& h, int item);
    /// "Redis lock", "PostgreSQL lock": the lane name of a strategy's lock server; empty for the
    /// lock-free strategies (none, atomic).
    static QString lockServerName(const QString& strategy);
    /// "PostgreSQL stock", "Redis orders" ...: the lane name of the store for a race.
    static QString storeName(const QString& store, DemoScenario::Race race);
    /// "Buyer 3", "Worker 3", "Tab 3" (1-based for double-charge and cart: "Worker 1").
    static QString actorName(int buyer, DemoScenario::Race race);
    /// Whether the strategy's locks carry a lease (redis, redlock, lease).
    static bool strategyHasLease(const QString& strategy);

    /// Live (the Buy page): lanes for the given actors, then events as they come.
    SequenceDiagramBuilder(DemoScenario::Race race, const QString& strategy,
                           const QStringList& actorNames, const QString& lockServerName,
                           const QString& storeName);
    void add(int actor, const PurchaseEvent& e, qint64 atUs); // core/shop/purchase.h
    void finish(int actor, const PurchaseResult& r, qint64 atUs);
    void markPaused(int actor, qint64 fromUs, qint64 toUs);
    void setLease(std::chrono::milliseconds lease); ///< for the Lease span / expiry
    /// Live: the open spans (a lock wait, a payment) reach up to now; call it on a timer so a
    /// wait grows while nothing else happens. False when nothing was open.
    bool advance(qint64 nowUs);
    const SequenceDiagram& diagram() const; ///< verdicts recomputed on change
    void clear();

private:
    struct Open {
        int attempt = -1;
        qint64 waitFromUs = -1;
        qint64 acquiredUs = -1;
        qint64 readUs = -1;
        qint64 payFromUs = -1;
        int64_t token = 0;
        int read = -1;
        bool released = false;
        bool waiting = false; ///< its LockWait span is open
        bool paying = false;  ///< its Paying span is open
    };
    void append(DiagramEvent e);
    /// The verdicts again, knowing whether an attempt is still open.
    void recompute();

    SequenceDiagram m_diagram;
    std::chrono::milliseconds m_lease{0};
    std::vector<Open> m_open; ///< per actor: the attempt in progress
    int m_attempts = 0;
    int64_t m_highestToken = 0; ///< the highest token whose write the store accepted
};

} // namespace lockscope
