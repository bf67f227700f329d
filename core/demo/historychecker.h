#pragma once

#include "core/demo/demohistory.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <vector>

namespace lockscope {

/// Checks a demo run from its history alone (`lockscope-cli demo verify --history`), item by
/// item (one lock per item):
/// - mutual exclusion: two critical sections [lockedUs, releasedUs] that overlap in time and
///   in which both holders' stock writes were accepted; and token order: a holder whose token
///   is higher than another's got the lock, and wrote, before that other's section began (the
///   tokens do not follow the grants). Overlaps in which at most one write went through (the
///   stale one was fenced, or never made) are counted, not violations. Not applicable to the
///   strategies without a lock (none, atomic).
/// - the stock invariant: initial = final stock + confirmed quantity; a broken one is located
///   at its first lost update (two accepted writes that read the same stock) or oversold unit.
/// - orders: every confirmed purchase has an order id, and no id is recorded twice.
/// - fenced writes: a refused write changed nothing (it sold nothing, and no read nor the final
///   stock shows a value only it would have written); with fencing on, no write is accepted
///   with a token lower than one whose write was accepted (answered) before it was sent.
/// A history written before the records carried these times runs what it can and says which
/// checks it could not run. Sections, writes and reads are bounded as the buyer saw them (see
/// PurchaseRecord), so a correct run never shows a violation.
class HistoryChecker {
public:
    enum class Check { MutualExclusion, StockInvariant, Orders, Fencing };
    enum class Status {
        Passed,
        Violated,
        NotApplicable, ///< the run has nothing of the kind (no lock)
        NotRun         ///< the history lacks what the check needs
    };
    enum class Kind {
        OverlappingSections,
        TokenOrder,
        StockInvariant,
        LostOrder,
        DuplicateOrder,
        FencedWriteSold,
        FencedWriteChangedStock,
        StaleTokenAccepted
    };

    struct Violation {
        Check check = Check::MutualExclusion;
        Kind kind = Kind::OverlappingSections;
        int item = 0;
        qint64 atUs = 0;          ///< when it happened: the first violation is the earliest
        std::vector<int> records; ///< the records at fault (indexes into the history)
        QString detail;
    };

    struct Result {
        Check check = Check::MutualExclusion;
        Status status = Status::Passed;
        QString summary; ///< what was examined, or why the check was not run
        std::map<QString, int> counts;
        int violations = 0;
        std::optional<Violation> first;
    };

    struct Report {
        std::vector<Result> results; ///< one per Check, in that order
        std::optional<Violation> first;
        /// The first violation's surroundings: the records of its item overlapping it in time
        /// (at most kOverlappingShown, those at fault always), and kAround before and after.
        std::vector<int> context;

        bool violated() const { return first.has_value(); }
        QJsonObject toJson(const std::vector<PurchaseRecord>& records) const;
        QStringList toText(const std::vector<PurchaseRecord>& records) const;
    };

    static constexpr int kAround = 3;
    static constexpr int kOverlappingShown = 20;

    static Report check(const DemoHistory::Loaded& history);

    /// "mutual_exclusion", "stock_invariant", "orders", "fencing" (JSON, CLI).
    static QString checkName(Check check);
    /// "passed", "violated", "not-applicable", "not-run".
    static QString statusName(Status status);
    /// "overlapping-sections", "token-order", ...
    static QString kindName(Kind kind);
};

} // namespace lockscope
