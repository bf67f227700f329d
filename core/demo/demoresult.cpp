#include "core/demo/demoresult.h"

#include "core/demo/buyerloop.h"
#include "core/demo/latencystats.h"

#include <QJsonArray>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace lockscope {

int DemoResult::takenOver() const {
    return int(std::count_if(faults.begin(), faults.end(),
                             [](const FaultEvent& e) { return e.takenOver(); }));
}

double DemoResult::timeToRecoverMs() const {
    double worst = -1;
    for (const FaultEvent& e : faults)
        worst = std::max(worst, e.recoveryMs());
    return worst;
}

QJsonObject DemoResult::toJson() const {
    LatencyStats latency;
    LatencyStats lockWait;
    std::vector<double> waitsMs;
    for (const PurchaseRecord& r : history) {
        latency.add(double(r.endUs - r.startUs));
        if (r.outcome != PurchaseRecord::Outcome::Crashed && r.lockWaitUs > 0) {
            lockWait.add(double(r.lockWaitUs));
            waitsMs.push_back(double(r.lockWaitUs) / 1000.0);
        }
    }
    auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
    QJsonObject o{
        {QStringLiteral("strategy"), scenario.strategy},
        {QStringLiteral("store"), scenario.store},
        {QStringLiteral("buyers"), scenario.buyers},
        {QStringLiteral("items"), scenario.items},
        {QStringLiteral("run_id"), QString::fromStdString(runId)},
        {QStringLiteral("initial_stock"), verdict.initialStock},
        {QStringLiteral("sold"), verdict.sold},
        {QStringLiteral("oversold"), verdict.oversold},
        {QStringLiteral("final_stock"), verdict.finalStock},
        {QStringLiteral("negative_stock_items"), verdict.negativeStockItems},
        {QStringLiteral("lost_updates"), verdict.lostUpdates},
        {QStringLiteral("attempted"), attempted},
        {QStringLiteral("succeeded"), succeeded},
        {QStringLiteral("rejected"), rejected},
        {QStringLiteral("failed"), failed()},
        {QStringLiteral("failures"),
         QJsonObject{{QStringLiteral("lock_timeout"), lockTimeouts},
                     {QStringLiteral("fenced"), fenced},
                     {QStringLiteral("error"), errors},
                     {QStringLiteral("crashed"), crashed},
                     {QStringLiteral("crashed_workers"), crashedWorkers},
                     {QStringLiteral("killed_workers"), killedWorkers},
                     {QStringLiteral("buyers_gave_up"), buyersGaveUp},
                     {QStringLiteral("cancelled"), cancelledAttempts}}},
        {QStringLiteral("infra_errors"), infraErrors()},
        {QStringLiteral("crashed_workers"), crashedWorkers},
        {QStringLiteral("buyers_gave_up"), buyersGaveUp},
        {QStringLiteral("infra_failure"), !infraFailure().isEmpty()},
        {QStringLiteral("infra_reason"), infraFailure()},
        {QStringLiteral("verdict_known"), verdictError.isEmpty()},
        {QStringLiteral("wall_s"), round3(wallS)},
        {QStringLiteral("purchases_per_s"), round3(wallS > 0 ? attempted / wallS : 0)},
        {QStringLiteral("latency_ms"), latency.toJson(1e-3)},
        {QStringLiteral("lock_wait_ms"), lockWait.toJson(1e-3)},
        {QStringLiteral("lock_wait_histogram"), LatencyStats::histogram(waitsMs)},
        {QStringLiteral("invariants_ok"), verdict.invariantsOk},
        {QStringLiteral("cancelled"), cancelled},
        {QStringLiteral("lock_unobtainable"), QJsonArray::fromStringList(lockUnobtainable)},
        {QStringLiteral("fencing"), scenario.fencing},
        {QStringLiteral("fault"), DemoScenario::faultName(scenario.fault)},
        {QStringLiteral("fault_report"), faultReport},
        {QStringLiteral("processes"), scenario.processes},
        {QStringLiteral("scenario"), DemoScenario::raceName(scenario.race)},
        {QStringLiteral("scenario_options"), scenario.toJson()},
        {QStringLiteral("anomalies"), verdict.anomaliesJson()},
        {QStringLiteral("per_item"), verdict.toJson().value(QStringLiteral("per_item"))},
    };
    QJsonArray struck;
    for (const FaultEvent& e : faults)
        struck.append(e.toJson());
    o.insert(QStringLiteral("faults"), struck);
    o.insert(QStringLiteral("faults_taken_over"), takenOver());
    o.insert(QStringLiteral("time_to_recover_ms"),
             timeToRecoverMs() >= 0 ? QJsonValue(timeToRecoverMs()) : QJsonValue());
    return o;
}

QString DemoResult::infraFailure() const {
    QStringList why(lockUnobtainable);
    const QString rule = infraFailureReason(attempted, infraErrors(), crashedWorkers, verdict.sold,
                                            verdict.initialStock, verdictError, buyersGaveUp);
    if (!rule.isEmpty())
        why << rule;
    return why.join(QStringLiteral("; "));
}

QString DemoResult::infraFailureReason(int attempted, int infraErrors, int crashedWorkers, int sold,
                                       int initialStock, const QString& verdictError,
                                       int buyersGaveUp) {
    QStringList why;
    if (!verdictError.isEmpty())
        why << QStringLiteral("the servers could not be read for the verdict (%1)")
                   .arg(verdictError);
    if (crashedWorkers > 0)
        why << QStringLiteral("%1 worker process(es) crashed").arg(crashedWorkers);
    if (buyersGaveUp > 0)
        why << QStringLiteral("%1 buyer(s) gave up after %2 s of infrastructure failures")
                   .arg(buyersGaveUp)
                   .arg(std::chrono::seconds(BuyerLoop::kInfraGiveUp).count());
    if (attempted > 0 && 2 * infraErrors > attempted)
        why << QStringLiteral("%1 of %2 attempts failed on infrastructure")
                   .arg(infraErrors)
                   .arg(attempted);
    else if (sold == 0 && initialStock > 0 && infraErrors > 0)
        why << QStringLiteral("nothing sold, %1 of %2 attempts failed on infrastructure")
                   .arg(infraErrors)
                   .arg(attempted);
    return why.join(QStringLiteral("; "));
}

} // namespace lockscope
