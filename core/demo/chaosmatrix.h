#pragma once

#include "core/demo/demoresult.h"
#include "core/demo/demoscenario.h"
#include "core/namespaceconfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

namespace lockscope {

/// `lockscope-cli chaos matrix`: every fault against every strategy it applies to, with fencing
/// on and off, one demo run each, summed up as one row per run. plan() decides what runs and
/// says why the rest is skipped; rowFor() reads a row off a run's result.
class ChaosMatrix {
public:
    /// One combination: run it, or skipped (why, for the operator).
    struct Cell {
        QString strategy;
        DemoScenario::Fault fault = DemoScenario::Fault::None;
        bool fencing = true;
        QString skipped; ///< empty: it runs
    };

    /// What one run showed.
    struct Row {
        Cell cell;
        QString runId;
        int faultsStruck = 0;
        int sold = 0;     ///< -1: unknown (no verdict from the servers)
        int oversold = 0; ///< -1: unknown
        /// Pairs of critical sections of one item that overlapped in time (HistoryChecker's
        /// mutual exclusion check on the run's records), and how many of them both wrote stock.
        int overlappingHolds = 0;
        int bothWrote = 0;
        /// Faults after which another buyer took the lock while the struck holder still acted
        /// under its own (FaultEvent::takenOver).
        int takenOver = 0;
        int fencedWrites = 0;        ///< attempts refused by the store's fence (outcome fenced)
        int failedPurchases = 0;     ///< lock timeouts + fenced + errors + crashed
        double timeToRecoverMs = -1; ///< DemoResult::timeToRecoverMs (-1: no fault, or none)
        bool infraFailure = false;
        QString infraReason;
        double wallS = 0;

        QJsonObject toJson() const;
    };

    /// redis, zookeeper, pg-row: a lease, a session and a transaction.
    static QStringList defaultStrategies();
    /// crash, pause, partition, server-restart (skipped without the sandbox that started the
    /// servers); and leader-kill when sandboxDir is an ha sandbox.
    static QList<DemoScenario::Fault> defaultFaults(const QString& sandboxDir = {});
    /// Small enough for the default matrix to finish in a few minutes on two cores: 4 buyers
    /// for 4 units of 1 item, payment 20 ms, lease 1 s (a pause or partition of 2 x lease
    /// outlives it), fault rate 0.5, seed 1.
    static DemoScenario defaultScenario();

    /// The combinations in order (strategy, then fault, then fencing), each with base's other
    /// settings. Skipped: a fault striking a lock holder with a strategy that takes no lock;
    /// fencing on without a lock (no token); a strategy or partition the servers in config
    /// cannot give (no Redlock servers; a partition in front of a Cluster, Sentinel or
    /// ensemble; a server restart or a leader kill without the sandbox that started the server,
    /// a leader kill without an ensemble); anything
    /// DemoScenario::validate() refuses.
    static std::vector<Cell> plan(const NamespaceConfig& config, const DemoScenario& base,
                                  const QStringList& strategies,
                                  const QList<DemoScenario::Fault>& faults,
                                  const QList<bool>& fencings, const QString& sandboxDir = {});
    /// base with the cell's strategy, fault and fencing.
    static DemoScenario scenarioFor(const DemoScenario& base, const Cell& cell);
    static Row rowFor(const Cell& cell, const DemoResult& result);
    /// A skipped cell as a row of the JSON array: its fields, the figures null, "skipped": why.
    static QJsonObject skippedJson(const Cell& cell);
};

} // namespace lockscope
