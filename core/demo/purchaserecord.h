#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace lockscope {

/// One purchase attempt of a demo run, as the buyer saw it: the run's history, exportable as
/// JSON lines, from which the verdict can be recomputed independently.
struct PurchaseRecord {
    enum class Outcome { Confirmed, SoldOut, LockTimeout, Fenced, Error, Crashed };

    int buyer = 0;
    int item = 0;
    int qty = 1;
    qint64 startUs = 0; ///< since the run started
    qint64 endUs = 0;
    qint64 lockWaitUs = 0;
    int64_t token = 0;
    Outcome outcome = Outcome::Error;
    QString error;

    QJsonObject toJson() const;
    static PurchaseRecord fromJson(const QJsonObject& o);
    /// "confirmed", "sold-out", "lock-timeout", "fenced", "error", "crashed" (JSON, CLI).
    static QString outcomeName(Outcome outcome);
    /// Error for an unknown name.
    static Outcome outcomeFromName(const QString& name);
};

} // namespace lockscope
