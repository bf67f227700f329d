#include "core/demo/faultevent.h"

#include <cmath>

namespace lockscope {

double FaultEvent::recoveryMs() const {
    if (recoveredUs < 0 || endUs < 0)
        return -1;
    return std::round(double(recoveredUs - endUs) / 100.0) / 10.0;
}

void FaultEvent::analyse(const std::vector<PurchaseRecord>& history) {
    using O = PurchaseRecord::Outcome;
    takenOverBy = -1;
    takenOverUs = -1;
    recoveredUs = -1;
    // Whether the struck attempt held a lock: a fencing token, or (a strategy that issues none,
    // redlock) its own record's critical section around the fault's start.
    bool held = token != 0;
    for (const PurchaseRecord& r : history)
        held = held || (r.buyer == buyer && r.item == item && r.lockedUs >= 0 &&
                        r.lockedUs <= startUs && r.endUs >= startUs);
    for (const PurchaseRecord& r : history) {
        // A lock acquired by another buyer while this holder still acted under its own.
        const bool locked = (r.token != 0 || r.lockedUs >= 0) && r.outcome != O::LockTimeout;
        // lockedUs: when the acquire returned (a record of an old history lacks it, and its
        // start + wait misses the connect of a fresh purchaser).
        const qint64 acquiredUs = r.lockedUs >= 0 ? r.lockedUs : r.startUs + r.lockWaitUs;
        if (held && locked && r.item == item && r.buyer != buyer && acquiredUs > startUs &&
            acquiredUs < heldUntilUs && (takenOverUs < 0 || acquiredUs < takenOverUs)) {
            takenOverBy = r.buyer;
            takenOverUs = acquiredUs;
        }
        if (endUs >= 0 && r.outcome == O::Confirmed && r.endUs >= endUs &&
            (recoveredUs < 0 || r.endUs < recoveredUs))
            recoveredUs = r.endUs;
    }
}

QJsonObject FaultEvent::toJson() const {
    QJsonObject o{
        {QStringLiteral("type"), QStringLiteral("fault")},
        {QStringLiteral("fault"), DemoScenario::faultName(fault)},
        {QStringLiteral("buyer"), buyer},
        {QStringLiteral("item"), item},
        {QStringLiteral("token"), token ? QJsonValue(qint64(token)) : QJsonValue()},
        {QStringLiteral("start_us"), startUs},
        {QStringLiteral("end_us"), endUs},
        {QStringLiteral("held_until_us"), heldUntilUs},
        {QStringLiteral("outcome"), PurchaseRecord::outcomeName(outcome)},
        {QStringLiteral("release"), QString::fromLatin1(PurchaseEvent::noteName(release))},
        {QStringLiteral("taken_over"), takenOver()},
        {QStringLiteral("taken_over_by"), takenOver() ? QJsonValue(takenOverBy) : QJsonValue()},
        {QStringLiteral("taken_over_us"), takenOverUs},
        {QStringLiteral("recovered_us"), recoveredUs},
        {QStringLiteral("recovery_ms"),
         recoveryMs() >= 0 ? QJsonValue(recoveryMs()) : QJsonValue()}};
    if (fault == DemoScenario::Fault::Partition)
        o.insert(QStringLiteral("partition"), DemoScenario::partitionName(partition));
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

FaultEvent FaultEvent::fromJson(const QJsonObject& o) {
    FaultEvent e;
    DemoScenario::parseFault(o.value(QStringLiteral("fault")).toString(), &e.fault);
    DemoScenario::parsePartition(o.value(QStringLiteral("partition")).toString(), &e.partition);
    e.buyer = o.value(QStringLiteral("buyer")).toInt();
    e.item = o.value(QStringLiteral("item")).toInt();
    e.token = o.value(QStringLiteral("token")).toInteger();
    e.startUs = o.value(QStringLiteral("start_us")).toInteger(-1);
    e.endUs = o.value(QStringLiteral("end_us")).toInteger(-1);
    e.heldUntilUs = o.value(QStringLiteral("held_until_us")).toInteger(-1);
    e.outcome = PurchaseRecord::outcomeFromName(o.value(QStringLiteral("outcome")).toString());
    e.error = o.value(QStringLiteral("error")).toString();
    const QString release = o.value(QStringLiteral("release")).toString();
    for (const auto n : {PurchaseEvent::Note::ReleasedOwn, PurchaseEvent::Note::NotOwnerAnyMore,
                         PurchaseEvent::Note::ReleaseFailed})
        if (release == QLatin1String(PurchaseEvent::noteName(n)))
            e.release = n;
    return e;
}

} // namespace lockscope
