#include "core/demo/purchaserecord.h"

namespace lockscope {

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

} // namespace lockscope
