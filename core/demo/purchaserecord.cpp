#include "core/demo/purchaserecord.h"

namespace lockscope {

namespace {

const QString kWrite = QStringLiteral("write");

/// Absent from the JSON when there is no such value.
void insertIfKnown(QJsonObject& o, const QString& key, qint64 value, qint64 none = -1) {
    if (value != none)
        o.insert(key, value);
}

} // namespace

QJsonObject PurchaseRecord::toJson() const {
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("purchase")},
                  {QStringLiteral("buyer"), buyer},
                  {QStringLiteral("item"), item},
                  {QStringLiteral("qty"), qty},
                  {QStringLiteral("start_us"), startUs},
                  {QStringLiteral("end_us"), endUs},
                  {QStringLiteral("lock_wait_us"), lockWaitUs},
                  {QStringLiteral("token"), token ? QJsonValue(qint64(token)) : QJsonValue()},
                  {QStringLiteral("outcome"), outcomeName(outcome)}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (cancelled)
        o.insert(QStringLiteral("cancelled"), true);
    if (!detailed)
        return o;
    o.insert(kWrite, writeName(write));
    insertIfKnown(o, QStringLiteral("locked_us"), lockedUs);
    insertIfKnown(o, QStringLiteral("released_us"), releasedUs);
    insertIfKnown(o, QStringLiteral("order_id"), orderId, 0);
    insertIfKnown(o, QStringLiteral("stock_read"), stockRead);
    insertIfKnown(o, QStringLiteral("stock_written"), stockWritten);
    insertIfKnown(o, QStringLiteral("read_us"), readUs);
    if (discountApplied)
        o.insert(QStringLiteral("discount_applied"), true);
    insertIfKnown(o, QStringLiteral("write_us"), writeUs);
    insertIfKnown(o, QStringLiteral("write_done_us"), writeDoneUs);
    if (duringInjectedOutage)
        o.insert(QStringLiteral("during_injected_outage"), true);
    return o;
}

PurchaseRecord PurchaseRecord::fromJson(const QJsonObject& o) {
    PurchaseRecord r;
    r.buyer = o.value(QStringLiteral("buyer")).toInt();
    r.item = o.value(QStringLiteral("item")).toInt();
    r.qty = o.value(QStringLiteral("qty")).toInt(1);
    r.startUs = o.value(QStringLiteral("start_us")).toInteger();
    r.endUs = o.value(QStringLiteral("end_us")).toInteger();
    r.lockWaitUs = o.value(QStringLiteral("lock_wait_us")).toInteger();
    r.token = o.value(QStringLiteral("token")).toInteger();
    r.outcome = outcomeFromName(o.value(QStringLiteral("outcome")).toString());
    r.error = o.value(QStringLiteral("error")).toString();
    r.cancelled = o.value(QStringLiteral("cancelled")).toBool();
    // A history written before the checker's fields has no "write": it loads, undetailed.
    r.detailed = o.contains(kWrite);
    if (!r.detailed)
        return r;
    r.write = writeFromName(o.value(kWrite).toString());
    r.lockedUs = o.value(QStringLiteral("locked_us")).toInteger(-1);
    r.releasedUs = o.value(QStringLiteral("released_us")).toInteger(-1);
    r.orderId = o.value(QStringLiteral("order_id")).toInteger(0);
    r.stockRead = o.value(QStringLiteral("stock_read")).toInt(-1);
    r.stockWritten = o.value(QStringLiteral("stock_written")).toInt(-1);
    r.readUs = o.value(QStringLiteral("read_us")).toInteger(-1);
    r.discountApplied = o.value(QStringLiteral("discount_applied")).toBool();
    r.writeUs = o.value(QStringLiteral("write_us")).toInteger(-1);
    r.writeDoneUs = o.value(QStringLiteral("write_done_us")).toInteger(-1);
    r.duringInjectedOutage = o.value(QStringLiteral("during_injected_outage")).toBool();
    return r;
}

QString PurchaseRecord::outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Confirmed:
        return QStringLiteral("confirmed");
    case Outcome::SoldOut:
        return QStringLiteral("sold-out");
    case Outcome::LockTimeout:
        return QStringLiteral("lock-timeout");
    case Outcome::Fenced:
        return QStringLiteral("fenced");
    case Outcome::Error:
        return QStringLiteral("error");
    case Outcome::Crashed:
        return QStringLiteral("crashed");
    }
    return {};
}

PurchaseRecord::Outcome PurchaseRecord::outcomeFromName(const QString& name) {
    for (const Outcome o : {Outcome::Confirmed, Outcome::SoldOut, Outcome::LockTimeout,
                            Outcome::Fenced, Outcome::Error, Outcome::Crashed})
        if (outcomeName(o) == name)
            return o;
    return Outcome::Error;
}

QString PurchaseRecord::writeName(StockWrite write) {
    switch (write) {
    case StockWrite::None:
        return QStringLiteral("none");
    case StockWrite::Accepted:
        return QStringLiteral("accepted");
    case StockWrite::Fenced:
        return QStringLiteral("fenced");
    case StockWrite::Duplicate:
        return QStringLiteral("duplicate");
    case StockWrite::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

PurchaseRecord::StockWrite PurchaseRecord::writeFromName(const QString& name) {
    for (const StockWrite w : {StockWrite::None, StockWrite::Accepted, StockWrite::Fenced,
                               StockWrite::Unknown, StockWrite::Duplicate})
        if (writeName(w) == name)
            return w;
    return StockWrite::Unknown;
}

} // namespace lockscope
