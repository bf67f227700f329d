#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace lockscope {

/// One purchase attempt of a demo run, as the buyer saw it: the run's history, exportable as
/// JSON lines, from which the verdict can be recomputed and the run checked (HistoryChecker)
/// independently. Times are microseconds since the run started, on one clock for every buyer
/// (worker processes share the coordinator's start); -1 when there is no such moment.
struct PurchaseRecord {
    enum class Outcome { Confirmed, SoldOut, LockTimeout, Fenced, Error, Crashed };
    /// What became of the attempt's stock write.
    enum class StockWrite {
        None,     ///< no write was sent (no lock, sold out, fenced at the read, crashed before)
        Accepted, ///< the store took it (for `atomic`: the conditional decrement applied)
        Fenced,   ///< the store refused it: a higher token had been seen for the item
        Unknown,  ///< sent, but the call failed: it may or may not have been applied
        /// Refused by a unique constraint: it had been done already (double-charge: the order's
        /// idempotency key was taken; cart: the discount code had been used on the cart)
        Duplicate
    };

    int buyer = 0;
    int item = 0;
    int qty = 1;
    qint64 startUs = 0; ///< since the run started
    qint64 endUs = 0;
    qint64 lockWaitUs = 0;
    int64_t token = 0;
    Outcome outcome = Outcome::Error;
    QString error;
    /// An error while a fault the run injected had a server down on purpose (the failover):
    /// expected, so not counted against the run's infrastructure (DemoResult::infraErrors).
    bool duringInjectedOutage = false;
    /// A lock timeout or an error that the run's cancel caused (a lock wait ended at once, a
    /// call cut short): neither a lock timeout nor an infrastructure failure.
    bool cancelled = false;

    /// False for a record of a history written before these fields existed: then none of the
    /// fields below is known, and the checks that need them are not run.
    bool detailed = false;
    /// The critical section [lockedUs, releasedUs]: from when the acquire returned (the lock
    /// was granted before) to the holder's last step under the lock, just before it sent the
    /// release (so a correct lock never shows two sections overlapping). -1: no lock taken;
    /// releasedUs -1 with a lock: never released (crashed holder).
    qint64 lockedUs = -1;
    qint64 releasedUs = -1;
    int64_t orderId = 0;   ///< the order this attempt recorded (confirmed or rejected); 0: none
    int stockRead = -1;    ///< the stock it read (-1: none; `atomic` reads nothing)
    int stockWritten = -1; ///< the value it wrote or tried to write (-1: none or not known)
    StockWrite write = StockWrite::None;
    qint64 readUs = -1; ///< the read was answered at this moment (-1: none or not known)
    /// Cart race: this attempt recorded a use of the one-time discount code.
    bool discountApplied = false;
    qint64 writeUs = -1;     ///< the write was sent after this moment
    qint64 writeDoneUs = -1; ///< and answered before this one

    QJsonObject toJson() const;
    static PurchaseRecord fromJson(const QJsonObject& o);
    /// "confirmed", "sold-out", "lock-timeout", "fenced", "error", "crashed" (JSON, CLI).
    static QString outcomeName(Outcome outcome);
    /// Error for an unknown name.
    static Outcome outcomeFromName(const QString& name);
    /// "none", "accepted", "fenced", "unknown", "duplicate" (JSON, CLI).
    static QString writeName(StockWrite write);
    /// Unknown for an unknown name.
    static StockWrite writeFromName(const QString& name);
};

} // namespace lockscope
