#pragma once

#include "core/demo/demoscenario.h"
#include "core/demo/purchaserecord.h"
#include "core/shop/purchase.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

namespace lockscope {

/// One fault that struck a lock holder (or a buyer cut off from its store) during a demo run:
/// when, whom, and what followed, read from the run's history. Times are microseconds since the
/// run started, -1 when there is no such moment.
struct FaultEvent {
    DemoScenario::Fault fault = DemoScenario::Fault::None;
    DemoScenario::PartitionTarget partition = DemoScenario::PartitionTarget::Lock;
    int buyer = 0;
    int item = 0;
    int64_t token = 0; ///< the holder's fencing token (0: no lock)
    /// The fault's window: a pause or partition from its start to its end (the heal), a slow
    /// release's delay; a crash is an instant (start = end).
    qint64 startUs = -1;
    qint64 endUs = -1;
    /// The holder's last step under its lock (its write, fenced or not), just before it sent
    /// its release; a crashed holder's is the crash.
    qint64 heldUntilUs = -1;
    PurchaseRecord::Outcome outcome = PurchaseRecord::Outcome::Error; ///< of the struck attempt
    /// What the holder's release said afterwards: ReleasedOwn, NotOwnerAnyMore (the lock had
    /// passed on: a lease ran out, a ZooKeeper session expired), ReleaseFailed; None when it
    /// sent none (crashed, no lock).
    PurchaseEvent::Note release = PurchaseEvent::Note::None;
    QString error;

    /// From the history (analyse()): another buyer got the item's lock after the fault struck
    /// and before the holder's last step under it - two holders at once.
    int takenOverBy = -1;
    qint64 takenOverUs = -1;
    /// The end of the first confirmed purchase (any buyer, any item) after the fault's end.
    qint64 recoveredUs = -1;

    bool takenOver() const { return takenOverBy >= 0; }
    /// From the fault's end to the next confirmed purchase, ms; -1 when none followed.
    double recoveryMs() const;
    void analyse(const std::vector<PurchaseRecord>& history);

    QJsonObject toJson() const;
    static FaultEvent fromJson(const QJsonObject& o);
};

} // namespace lockscope
