#include "core/demo/demohistory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <stdexcept>

namespace lockscope {

namespace {

/// Initial or final stock per item; no final stock at all when it is unknown.
QJsonObject stockMap(const DemoVerdict& v, bool initial) {
    QJsonObject o;
    if (!initial && !v.finalKnown)
        return o;
    for (const auto& i : v.items)
        o.insert(QString::number(i.id), initial ? i.initial : i.final);
    return o;
}

/// What a history may hold: a run's numbers, far from where the verdict's and the checker's int
/// sums overflow (a file may say anything: issue 13, fuzz_demohistory). load() refuses the rest,
/// naming the line.
constexpr int kMaxQty = 1000;
constexpr int kMaxStock = 100000000;
constexpr qint64 kMaxUs = qint64(1) << 50; // 35 years of microseconds

[[noreturn]] void refuse(const QString& path, int line, const QString& what) {
    throw std::runtime_error(
        QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(what).toStdString());
}

std::map<int, int> readMap(const QJsonObject& o, const QString& path, int line) {
    std::map<int, int> out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const int v = it.value().toInt();
        if (v < -kMaxStock || v > kMaxStock)
            refuse(path, line,
                   QStringLiteral("stock %1 of item %2 is out of range").arg(v).arg(it.key()));
        out[it.key().toInt()] = v;
    }
    return out;
}

void checkRecord(const PurchaseRecord& r, const QString& path, int line) {
    if (r.qty < 1 || r.qty > kMaxQty)
        refuse(path, line, QStringLiteral("qty %1 is not from 1 to %2").arg(r.qty).arg(kMaxQty));
    for (const int stock : {r.stockRead, r.stockWritten})
        if (stock < -kMaxStock || stock > kMaxStock)
            refuse(path, line, QStringLiteral("stock %1 is out of range").arg(stock));
    for (const qint64 us :
         {r.startUs, r.endUs, r.lockWaitUs, r.lockedUs, r.releasedUs, r.writeUs, r.writeDoneUs})
        if (us < -kMaxUs || us > kMaxUs)
            refuse(path, line, QStringLiteral("time %1 us is out of range").arg(us));
}

} // namespace

void DemoHistory::save(const QString& path, const DemoResult& result) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw std::runtime_error(
            QStringLiteral("cannot write %1: %2").arg(path, f.errorString()).toStdString());
    auto line = [&](const QJsonObject& o) {
        f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    };
    line(QJsonObject{{QStringLiteral("type"), QStringLiteral("run")},
                     {QStringLiteral("run_id"), QString::fromStdString(result.runId)},
                     {QStringLiteral("scenario"), result.scenario.toJson()},
                     {QStringLiteral("initial"), stockMap(result.verdict, true)}});
    for (const PurchaseRecord& r : result.history)
        line(r.toJson());
    for (const FaultEvent& e : result.faults)
        line(e.toJson());
    line(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("final")},
        {QStringLiteral("final"), stockMap(result.verdict, false)},
        {QStringLiteral("verdict"), result.verdict.toJson()},
        {QStringLiteral("cancelled"), result.cancelled},
        {QStringLiteral("crashed_workers"), result.crashedWorkers},
        {QStringLiteral("buyers_gave_up"), result.buyersGaveUp},
        {QStringLiteral("verdict_error"), result.verdictError},
        {QStringLiteral("lock_unobtainable"), QJsonArray::fromStringList(result.lockUnobtainable)},
        {QStringLiteral("infra_errors"), result.infraErrors()},
        {QStringLiteral("infra_failure"), !result.infraFailure().isEmpty()}});
}

QString DemoHistory::Loaded::infraFailure() const {
    int infraErrors = 0;
    int sold = 0;
    int initialStock = 0;
    for (const PurchaseRecord& r : records) {
        if (r.outcome == PurchaseRecord::Outcome::Error && !r.duringInjectedOutage && !r.cancelled)
            ++infraErrors;
        else if (r.outcome == PurchaseRecord::Outcome::Confirmed)
            sold += r.qty;
    }
    for (const auto& [id, stock] : initial)
        initialStock += stock;
    QStringList why(lockUnobtainable);
    const QString rule =
        DemoResult::infraFailureReason(int(records.size()), infraErrors, crashedWorkers, sold,
                                       initialStock, verdictError, buyersGaveUp);
    if (!rule.isEmpty())
        why << rule;
    return why.join(QStringLiteral("; "));
}

QString DemoHistory::Loaded::strategy() const {
    return scenario.value(QStringLiteral("strategy")).toString();
}

DemoScenario::Race DemoHistory::Loaded::race() const {
    DemoScenario::Race r = DemoScenario::Race::Stock;
    DemoScenario::parseRace(scenario.value(QStringLiteral("scenario")).toString(), &r);
    return r;
}

bool DemoHistory::Loaded::fencing() const {
    return scenario.value(QStringLiteral("fencing")).toBool(true);
}

DemoHistory::Loaded DemoHistory::load(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(
            QStringLiteral("cannot read %1: %2").arg(path, f.errorString()).toStdString());
    Loaded out;
    int n = 0;
    while (!f.atEnd()) {
        const QByteArray raw = f.readLine().trimmed();
        ++n;
        if (raw.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(raw);
        if (!doc.isObject())
            throw std::runtime_error(
                QStringLiteral("%1:%2: not a JSON object").arg(path).arg(n).toStdString());
        const QJsonObject o = doc.object();
        const QString type = o.value(QStringLiteral("type")).toString();
        if (type == u"run") {
            out.scenario = o.value(QStringLiteral("scenario")).toObject();
            out.initial = readMap(o.value(QStringLiteral("initial")).toObject(), path, n);
        } else if (type == u"purchase") {
            out.records.push_back(PurchaseRecord::fromJson(o));
            checkRecord(out.records.back(), path, n);
        } else if (type == u"fault") {
            out.faults.push_back(FaultEvent::fromJson(o));
            const FaultEvent& e = out.faults.back();
            for (const qint64 us : {e.startUs, e.endUs, e.heldUntilUs})
                if (us < -kMaxUs || us > kMaxUs)
                    refuse(path, n, QStringLiteral("time %1 us is out of range").arg(us));
        } else if (type == u"final") {
            out.final = readMap(o.value(QStringLiteral("final")).toObject(), path, n);
            out.serverVerdict = o.value(QStringLiteral("verdict")).toObject();
            out.crashedWorkers = o.value(QStringLiteral("crashed_workers")).toInt();
            out.buyersGaveUp = o.value(QStringLiteral("buyers_gave_up")).toInt();
            out.verdictError = o.value(QStringLiteral("verdict_error")).toString();
            for (const QJsonValue v : o.value(QStringLiteral("lock_unobtainable")).toArray())
                out.lockUnobtainable << v.toString();
            out.statedInfraFailure = o.value(QStringLiteral("infra_failure")).toBool();
        } else
            throw std::runtime_error(QStringLiteral("%1:%2: unknown line type '%3'")
                                         .arg(path)
                                         .arg(n)
                                         .arg(type)
                                         .toStdString());
    }
    return out;
}

} // namespace lockscope
