#pragma once

#include "core/demo/demoscenario.h"
#include "core/demo/demoverdict.h"
#include "core/demo/faultevent.h"
#include "core/demo/purchaserecord.h"

#include <QJsonObject>
#include <QMetaType>
#include <QStringList>
#include <vector>

namespace lockscope {

struct DemoResult {
    DemoScenario scenario;
    std::string runId;
    int attempted = 0;
    int succeeded = 0;
    int rejected = 0; ///< sold out
    int lockTimeouts = 0;
    int fenced = 0;
    int crashed = 0; ///< simulated crashes in the critical section (the crash fault)
    int errors = 0;  ///< attempts that failed on infrastructure (a server down, a timeout ...)
    int killedWorkers = 0;  ///< worker processes killed by the crash fault (expected)
    int crashedWorkers = 0; ///< worker processes that died otherwise (abort, non-zero exit)
    int buyersGaveUp = 0;   ///< buyers that stopped after BuyerLoop::kInfraGiveUp of failures
    /// Set when the verdict could not be read from the servers after the run (then the verdict's
    /// numbers are unknown).
    QString verdictError;
    /// What an injected fault did and saw (failover: old and new primary, how long it took,
    /// whether a second holder wrote while the first one's lease still ran); empty for others.
    QJsonObject faultReport;
    double wallS = 0;
    bool cancelled = false;
    DemoVerdict verdict;
    std::vector<PurchaseRecord> history;
    /// The faults that struck, in order, each analysed against the history.
    std::vector<FaultEvent> faults;

    /// Faults after which another buyer held the lock while the struck holder still acted
    /// under its own (two holders).
    int takenOver() const;
    /// The longest time from a fault's end to the next confirmed purchase, ms; -1 when no
    /// fault struck or none was followed by a confirmed purchase.
    double timeToRecoverMs() const;

    int failed() const { return lockTimeouts + fenced + errors + crashed; }
    /// Errors not explained by a fault the run injected on purpose (the failover's outage).
    int infraErrors() const { return errors - injectedOutageErrors; }
    int injectedOutageErrors = 0;
    /// Attempts the run's cancel ended (a lock wait, a call cut short): not counted as lock
    /// timeouts or errors.
    int cancelledAttempts = 0;
    /// Per item whose lock no buyer could get for DemoScenario::lockGiveUp (held from outside the
    /// run): "lock unobtainable: item:1001 held by 'x' the whole run (...)". Makes the run an
    /// infrastructure failure.
    QStringList lockUnobtainable;
    /// Empty when the run's outcome can be trusted; else why it is an infrastructure failure
    /// (the CLI then exits 1). See infraFailureReason.
    QString infraFailure() const;
    /// The rule (README, "demo"): a run is an infrastructure failure when a worker process
    /// crashed, a buyer gave up on the servers, the verdict could not be read from the servers,
    /// more than half of the attempts failed on infrastructure, or nothing was sold while stock
    /// was there and attempts failed on infrastructure. `demo verify` applies the same rule to a
    /// history.
    static QString infraFailureReason(int attempted, int infraErrors, int crashedWorkers, int sold,
                                      int initialStock, const QString& verdictError,
                                      int buyersGaveUp);
    /// The CLI's JSON contract (see README): strategy, store, buyers, items, initial_stock, sold,
    /// oversold, final_stock, failed, wall_s, purchases_per_s, latency_ms, invariants_ok, cancelled
    /// ...
    QJsonObject toJson() const;
};

} // namespace lockscope

/// Crosses from the demo worker thread to the GUI by a queued signal.
Q_DECLARE_METATYPE(lockscope::DemoResult)
