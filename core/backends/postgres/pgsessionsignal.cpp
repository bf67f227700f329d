#include "core/backends/postgres/pgsessionsignal.h"

#include "connectors/pgconnection.h"
#include "core/backends/postgres/pgsessionobservation.h"

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <utility>

namespace lockscope {

namespace {

using Status = ReleaseOutcome::Status;

/// How long a signalled backend gets to exit (terminate) or unwind its query (cancel).
constexpr auto kSettle = std::chrono::milliseconds(3000);

struct Now {
    int64_t queryStartMs = 0;
    QString state;
};

/// The observed backend now; nullopt when it is gone.
std::optional<Now> look(PgConnection& c, const PgSessionObservation& obs) {
    return c.run("re-observe session", [&](pqxx::connection& raw) -> std::optional<Now> {
        pqxx::nontransaction tx(raw);
        const pqxx::result r = tx.exec_params(obs.reobserveSql(), obs.pid);
        if (r.empty())
            return std::nullopt;
        return Now{r[0][0].as<int64_t>(), QString::fromStdString(r[0][1].as<std::string>())};
    });
}

/// Done: gone; for a cancel of a running query also a query that is no longer that one running.
/// A session observed running no query (idle, idle in transaction) is done only when gone.
bool settled(const std::optional<Now>& now, const PgSessionObservation& obs, bool cancelOnly) {
    if (!now)
        return true;
    if (!cancelOnly || obs.state != u"active")
        return false;
    return now->queryStartMs != obs.queryStartMs || now->state != u"active";
}

} // namespace

ReleaseOutcome PgSessionSignal::send(PgConnection& c, const LockEntry& e,
                                     const PgSessionObservation& obs, bool cancelOnly) {
    Q_UNUSED(e);
    enum class Sent { NotThere, Signalled, Refused };
    const Sent sent = c.run("signal session", [&](pqxx::connection& raw) {
        pqxx::nontransaction tx(raw);
        const pqxx::result r = tx.exec_params(obs.signalSql(cancelOnly), obs.pid);
        if (r.empty())
            return Sent::NotThere;
        return r[0][0].as<bool>() ? Sent::Signalled : Sent::Refused;
    });
    if (sent == Sent::NotThere)
        return {Status::Changed,
                cancelOnly ? QStringLiteral("backend %1 is not the observed session running the "
                                            "observed query any more (ended, reused pid or "
                                            "another query): nothing done")
                                 .arg(obs.pid)
                           : QStringLiteral("backend %1 is not the observed session any more "
                                            "(ended, or the pid was reused): nothing done")
                                 .arg(obs.pid)};
    if (sent == Sent::Refused)
        return {
            Status::Failed,
            QStringLiteral("the server refused to signal backend %1 (privileges?)").arg(obs.pid)};
    // Cancelling a session that runs no query (idle, idle in transaction) does nothing: the
    // state it was observed in is the one to compare with.
    const bool wasRunning = obs.state == u"active";
    const auto settle = cancelOnly && !wasRunning ? kSettle / 3 : kSettle;
    const auto deadline = std::chrono::steady_clock::now() + settle;
    std::optional<Now> now = look(c, obs);
    while (!settled(now, obs, cancelOnly)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            const QString state =
                now && !now->state.isEmpty() ? now->state : QStringLiteral("state unknown");
            if (cancelOnly && !wasRunning)
                return {Status::NothingReleased,
                        QStringLiteral("backend %1 is %2 and runs no query: cancelling changed "
                                       "nothing (terminate instead)")
                            .arg(obs.pid)
                            .arg(state)};
            return {
                Status::NothingReleased,
                QStringLiteral("backend %1 (%2) is still there %3 ms after it was %4")
                    .arg(obs.pid)
                    .arg(state)
                    .arg(settle.count())
                    .arg(cancelOnly ? QStringLiteral("cancelled") : QStringLiteral("terminated"))};
        }
        // A server round trip per turn; a backend's exit is not something we can wait on.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        now = look(c, obs);
    }
    if (!now)
        return {Status::Released, QStringLiteral("%1 backend %2: the session has ended")
                                      .arg(cancelOnly ? QStringLiteral("cancelled the query of")
                                                      : QStringLiteral("terminated"))
                                      .arg(obs.pid)};
    return {Status::Released, QStringLiteral("cancelled the query of backend %1: it is %2 now")
                                  .arg(obs.pid)
                                  .arg(now->state)};
}

} // namespace lockscope
