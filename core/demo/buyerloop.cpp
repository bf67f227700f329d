#include "core/demo/buyerloop.h"

#include "connectors/callinterrupt.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/partitionswitch.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"
#include "core/shop/purchaser.h"

#include <csignal>
#include <map>
#include <random>

namespace lockscope {

namespace {

PurchaseRecord::Outcome recordOutcome(const PurchaseResult& r) {
    using O = PurchaseRecord::Outcome;
    switch (r.outcome) {
    case PurchaseResult::Outcome::Confirmed:
        return O::Confirmed;
    case PurchaseResult::Outcome::SoldOut:
        return O::SoldOut;
    case PurchaseResult::Outcome::LockTimeout:
        return O::LockTimeout;
    case PurchaseResult::Outcome::Fenced:
        return O::Fenced;
    case PurchaseResult::Outcome::Error:
        break;
    }
    return r.crashed ? O::Crashed : O::Error;
}

/// What became of the attempt's stock write, from its result and whether the write was sent
/// (rec.writeUs, set at the hold point).
void recordWrite(const PurchaseResult& res, PurchaseRecord& rec) {
    using W = PurchaseRecord::StockWrite;
    rec.orderId = res.orderId;
    rec.stockRead = res.stockRead;
    const bool sent = rec.writeUs >= 0;
    if (!sent) {
        rec.write = W::None;
        return;
    }
    if (rec.writeDoneUs < 0)
        rec.writeDoneUs = rec.endUs;
    const int intended = res.stockRead >= 0 ? res.stockRead - rec.qty : -1;
    if (res.stockWritten >= 0) {
        // Written; a failure after it (confirming the order) does not undo it.
        rec.write = W::Accepted;
        rec.stockWritten = res.stockWritten;
    } else if (res.outcome == PurchaseResult::Outcome::Confirmed) {
        rec.write = W::Accepted; // `atomic`: the conditional decrement applied
    } else if (res.outcome == PurchaseResult::Outcome::Fenced) {
        rec.write = W::Fenced;
        rec.stockWritten = intended;
    } else if (res.outcome == PurchaseResult::Outcome::SoldOut) {
        rec.write = W::None; // `atomic`: the conditional decrement found too little stock
    } else {
        rec.write = W::Unknown;
        rec.stockWritten = intended;
    }
}

} // namespace

BuyerLoop::BuyerLoop(const NamespaceConfig& config, const DemoScenario& scenario, std::string runId,
                     int buyer, std::stop_token stop, bool processMode,
                     std::chrono::system_clock::time_point runStart)
    : m_config(config)
    , m_scenario(scenario)
    , m_runId(std::move(runId))
    , m_buyer(buyer)
    , m_stop(std::move(stop))
    , m_processMode(processMode)
    , m_runStart(runStart) {}

BuyerLoop::~BuyerLoop() = default;

Backend BuyerLoop::partitionTarget() const {
    const LockBackend* b = m_scenario.partition == DemoScenario::PartitionTarget::Lock
                               ? BackendRegistry::forStrategy(m_scenario.strategy)
                               : BackendRegistry::byName(m_scenario.store);
    if (!b) // DemoEngine::run refuses such a scenario before any buyer starts
        throw std::invalid_argument("--fault partition: no server to cut off");
    return b->id();
}

std::unique_ptr<Purchaser> BuyerLoop::makePurchaser() const {
    if (!m_partition)
        return std::make_unique<Purchaser>(m_config, m_scenario.strategy, m_scenario.store);
    const bool lock = m_scenario.partition == DemoScenario::PartitionTarget::Lock;
    return std::make_unique<Purchaser>(m_config, lock ? m_partition->routed() : m_config,
                                       lock ? m_config : m_partition->routed(), m_scenario.strategy,
                                       m_scenario.store);
}

qint64 BuyerLoop::sinceStartUs() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now() -
                                                                 m_runStart)
        .count();
}

PurchaseRequest BuyerLoop::requestFor(int item, const std::string& buyerName, bool faulty,
                                      const Sinks& sinks, const PurchaseRecord& rec,
                                      FaultEvent& ev) const {
    PurchaseRequest req;
    req.item = item;
    req.qty = m_scenario.qty;
    req.buyer = buyerName;
    req.runId = m_runId;
    req.pay = m_scenario.pay;
    req.lease = m_scenario.lease;
    req.wait = m_scenario.wait;
    req.fencing = m_scenario.fencing;
    req.stop = m_stop;
    if (!faulty)
        return req;
    const auto faultFor = m_scenario.effectiveFaultDuration();
    switch (m_scenario.fault) {
    case DemoScenario::Fault::Crash:
        req.hold = [this, &sinks, &rec, &ev] {
            ev.startUs = ev.endUs = ev.heldUntilUs = sinceStartUs();
            if (m_processMode) {
                // A real crash: the process dies holding the lock. Its record goes out first,
                // so that the run's history still accounts for the attempt.
                PurchaseRecord crashed = rec;
                crashed.endUs = sinceStartUs();
                crashed.outcome = PurchaseRecord::Outcome::Crashed;
                crashed.releasedUs = -1; // dies holding the lock
                crashed.error = QStringLiteral("worker killed (SIGKILL) in the critical section");
                sinks.record(crashed);
                if (sinks.fault) {
                    FaultEvent dying = ev;
                    dying.outcome = crashed.outcome;
                    sinks.fault(dying);
                }
                ::raise(SIGKILL);
            }
            throw SimulatedCrash{};
        };
        break;
    case DemoScenario::Fault::Pause:
        req.hold = [this, faultFor, &ev] {
            // A stop-the-world pause: the holder does nothing until it is over (or the run is
            // cancelled), then carries on and writes as if nothing happened.
            ev.startUs = sinceStartUs();
            waitUnlessStopped(m_stop, faultFor);
            ev.endUs = sinceStartUs();
        };
        break;
    case DemoScenario::Fault::Partition:
        req.hold = [this, faultFor, &ev] {
            // Cut off while holding the lock, after paying and before writing. From the lock
            // server: the holder waits for it (as one that checks or renews its lock before
            // writing would) until the partition heals, then writes late. From the store: the
            // write runs into the partition now.
            ev.startUs = sinceStartUs();
            m_partition->cut(faultFor, m_stop);
            if (m_scenario.partition == DemoScenario::PartitionTarget::Lock)
                m_partition->waitHealed();
        };
        break;
    case DemoScenario::Fault::SlowRelease:
        req.releaseDelay = faultFor; // its window is read from the release (run())
        break;
    case DemoScenario::Fault::ServerRestart: // the engine's injector restarts the server
    case DemoScenario::Fault::Failover:
    case DemoScenario::Fault::LeaderKill:
        req.hold = [this, &sinks, &rec, &ev, item] {
            const qint64 at = sinceStartUs();
            if (sinks.atHold && sinks.atHold(item, rec)) {
                ev.startUs = at; // the injector's own event has the fault's window
                ev.endUs = sinceStartUs();
            }
        };
        break;
    case DemoScenario::Fault::None:
        break;
    }
    return req;
}

void BuyerLoop::run(const Sinks& sinks) {
    // A cancel cuts short a call a frozen server does not answer (a purchase in flight still
    // finishes, and releases its lock, on a server that answers).
    const CallInterrupt::Scope interruptible(m_stop);
    std::mt19937_64 rng(m_scenario.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(m_buyer) +
                        1);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::vector<int> live;
    for (int i = 0; i < m_scenario.items; ++i)
        live.push_back(m_scenario.itemId(i));

    std::unique_ptr<Purchaser> purchaser;
    // Infrastructure failures (a server down, frozen, restarting) are failed attempts, never an
    // exception out of this thread: the buyer drops its connections, backs off and reconnects
    // on the next attempt, and gives up only after kInfraGiveUp of nothing but failures.
    bool failing = false;
    std::chrono::steady_clock::time_point failingSince{};
    std::chrono::milliseconds backOff = kFirstBackOff;
    // Lock timeouts in a row (per item: the first one's time), for the scenario's lockGiveUp.
    std::map<int, std::chrono::steady_clock::time_point> timingOutSince;
    // Appended, not "b" + ...: GCC 12 -O3 raises a false -Wrestrict on that form (GCC PR 105329).
    std::string buyerName = "b";
    buyerName += std::to_string(m_buyer);
    for (int attempt = 0; !live.empty() && !m_stop.stop_requested(); ++attempt) {
        if (m_scenario.attempts > 0 && attempt >= m_scenario.attempts)
            break;
        const int item = live[std::uniform_int_distribution<size_t>(0, live.size() - 1)(rng)];
        PurchaseRecord rec;
        rec.buyer = m_buyer;
        rec.item = item;
        rec.qty = m_scenario.qty;
        rec.startUs = sinceStartUs();
        // The failover and leader-kill faults pick their holder themselves (the first to reach
        // the hold point).
        const bool faulty =
            m_scenario.fault == DemoScenario::Fault::Failover ||
            m_scenario.fault == DemoScenario::Fault::LeaderKill ||
            (m_scenario.fault != DemoScenario::Fault::None && coin(rng) < m_scenario.faultRate);
        PurchaseResult res;
        FaultEvent ev;
        ev.fault = m_scenario.fault;
        ev.partition = m_scenario.partition;
        ev.buyer = m_buyer;
        ev.item = item;
        rec.detailed = true;
        bool holding = false; // between the lock's Acquired and its release
        try {
            if (faulty && m_scenario.fault == DemoScenario::Fault::Partition && !m_partition) {
                // This buyer's own proxy; its connections go through it from now on.
                m_partition = std::make_unique<PartitionSwitch>(m_config, partitionTarget());
                purchaser.reset();
            }
            if (!purchaser)
                purchaser = makePurchaser();
            PurchaseRequest req = requestFor(item, buyerName, faulty, sinks, rec, ev);
            // The hold point is the last step before the stock write of every strategy: what
            // follows it is the write (a crash fault never comes back from it).
            req.hold = [this, &rec, fault = std::move(req.hold)] {
                if (fault)
                    fault();
                rec.writeUs = sinceStartUs();
            };
            res = purchaser->purchase(req, [&](const PurchaseEvent& e) {
                using Step = PurchaseEvent::Step;
                const qint64 now = sinceStartUs();
                const bool releaseStep =
                    e.step == Step::Released ||
                    (e.step == Step::Failed && e.note == PurchaseEvent::Note::ReleaseFailed);
                if (e.step == Step::ReadStock) {
                    rec.stockRead = e.stock; // known at the hold point (the failover fault)
                    rec.readUs = now;
                }
                if (e.step == Step::Acquired) {
                    rec.lockedUs = now;
                    rec.token = e.token; // a worker killed holding it records it too
                    holding = true;
                    ev.token = e.token;
                    ev.heldUntilUs = now;
                } else if (releaseStep) {
                    holding = false;
                    ev.release = e.note;
                    if (faulty && m_scenario.fault == DemoScenario::Fault::SlowRelease) {
                        ev.endUs = now;
                        ev.startUs = std::max(
                            ev.heldUntilUs,
                            ev.endUs - qint64(m_scenario.effectiveFaultDuration().count()) * 1000);
                    }
                } else if (holding && e.step != Step::Done) {
                    rec.releasedUs = now; // the latest step under the lock so far
                    if (e.note != PurchaseEvent::Note::Crashed)
                        ev.heldUntilUs = now;
                }
                if ((e.step == Step::WroteStock || e.step == Step::Fenced ||
                     e.step == Step::SoldOut) &&
                    rec.writeUs >= 0 && rec.writeDoneUs < 0)
                    rec.writeDoneUs = now;
                if (!sinks.holder)
                    return;
                if (e.step == Step::Acquired)
                    sinks.holder(item, m_buyer, true);
                else if (e.step == Step::Released || e.step == Step::Failed)
                    sinks.holder(item, m_buyer, false);
            });
        } catch (const std::exception& e) {
            res = PurchaseResult{};
            res.outcome = PurchaseResult::Outcome::Error;
            res.error = e.what();
        } catch (...) {
            res = PurchaseResult{};
            res.outcome = PurchaseResult::Outcome::Error;
            res.error = "unknown failure";
        }
        rec.endUs = sinceStartUs();
        rec.lockWaitUs = res.lockWait.count();
        rec.token = res.token;
        rec.outcome = recordOutcome(res);
        rec.error = QString::fromStdString(res.error);
        // A lock wait the cancel ended, or a call it cut short, is the operator's doing.
        rec.cancelled =
            m_stop.stop_requested() && (rec.outcome == PurchaseRecord::Outcome::LockTimeout ||
                                        rec.outcome == PurchaseRecord::Outcome::Error);
        rec.duringInjectedOutage = !rec.cancelled &&
                                   rec.outcome == PurchaseRecord::Outcome::Error &&
                                   sinks.injectedOutage && sinks.injectedOutage();
        recordWrite(res, rec);
        if (rec.outcome == PurchaseRecord::Outcome::Crashed)
            rec.releasedUs = -1;         // died holding the lock: never released
        if (faulty && ev.startUs >= 0) { // the fault struck (not when sold out before it)
            if (m_partition && m_scenario.fault == DemoScenario::Fault::Partition) {
                // A cut from the store may outlast the failed write: the heal ends the fault.
                if (const auto healed = m_partition->waitHealed())
                    ev.endUs =
                        std::chrono::duration_cast<std::chrono::microseconds>(*healed - m_runStart)
                            .count();
            }
            if (ev.token == 0)
                ev.token = res.token;
            ev.outcome = rec.outcome;
            ev.error = rec.error;
            if (sinks.fault)
                sinks.fault(ev);
        }
        if (sinks.holder && (rec.outcome == PurchaseRecord::Outcome::Crashed ||
                             rec.outcome == PurchaseRecord::Outcome::Error))
            sinks.holder(item, m_buyer, false);
        sinks.record(rec);

        if (res.outcome == PurchaseResult::Outcome::SoldOut)
            live.erase(std::remove(live.begin(), live.end(), item), live.end());
        if (rec.outcome == PurchaseRecord::Outcome::LockTimeout && !rec.cancelled) {
            const auto now = std::chrono::steady_clock::now();
            // The wait began before the timeout: count from the attempt's start.
            const auto began = now - std::chrono::microseconds(rec.endUs - rec.startUs);
            const auto since = timingOutSince.try_emplace(item, began).first->second;
            const bool takenMeanwhile = sinks.lockTakenSince && sinks.lockTakenSince(item, since);
            if (takenMeanwhile)
                timingOutSince[item] = began;
            else if (now - since >= m_scenario.lockGiveUp) {
                qCWarning(lcDemo) << "buyer" << m_buyer << "gives up on item" << item
                                  << ": nothing but lock timeouts for"
                                  << m_scenario.lockGiveUp.count() << "ms, and nobody got the lock";
                if (sinks.lockUnobtainable)
                    sinks.lockUnobtainable(m_buyer, item);
                live.erase(std::remove(live.begin(), live.end(), item), live.end());
                continue;
            }
        } else if (rec.outcome != PurchaseRecord::Outcome::Error) {
            timingOutSince.erase(item);
        }
        if (rec.outcome != PurchaseRecord::Outcome::Error) {
            failing = false;
            backOff = kFirstBackOff;
            continue;
        }
        // Reconnect everything (lock, store, order book) on the next attempt: a connection that
        // failed once may be broken for good (a killed server, an expired session).
        purchaser.reset();
        const auto now = std::chrono::steady_clock::now();
        if (!failing) {
            failing = true;
            failingSince = now;
        }
        if (now - failingSince >= kInfraGiveUp) {
            qCWarning(lcDemo) << "buyer" << m_buyer << "gives up: only failures for"
                              << kInfraGiveUp.count() << "s, last:" << rec.error;
            if (sinks.gaveUp)
                sinks.gaveUp(m_buyer);
            break;
        }
        if (!waitUnlessStopped(m_stop, backOff))
            break; // cancelled while backing off
        backOff = std::min(backOff * 2, kMaxBackOff);
    }
}

} // namespace lockscope
