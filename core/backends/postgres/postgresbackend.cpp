#include "core/backends/postgres/postgresbackend.h"
#include "core/backends/postgres/postgresgrants.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/backends/permissionadvice.h"
#include "core/backends/postgres/leaselock.h"
#include "core/backends/postgres/pgadvisorylock.h"
#include "core/backends/postgres/pgbackendobservation.h"
#include "core/backends/postgres/pgbenchreference.h"
#include "core/backends/postgres/pgchangedetector.h"
#include "core/backends/postgres/pgprobe.h"
#include "core/backends/postgres/pgrowlock.h"
#include "core/backends/postgres/pgsessionobservation.h"
#include "core/backends/postgres/pgsessionsignal.h"
#include "core/backends/postgres/pgstockstore.h"
#include "core/backends/postgres/postgreskinds.h"
#include "core/backends/postgres/postgresscanner.h"
#include "core/endpoints.h"
#include "core/monitor/lockentry.h"

#include <QCoreApplication>
#include <chrono>
#include <pqxx/pqxx>
#include <thread>
#include <utility>

namespace lockscope {

namespace {

using Status = ReleaseOutcome::Status;

ReleaseOutcome releaseLease(PgConnection& c, const std::string& schema, const LockEntry& e,
                            const LeaseObservation& obs) {
    const bool released = c.run("release lease", [&](pqxx::connection& raw) {
        pqxx::work tx(raw);
        const bool done =
            LeaseLock::releaseIfHeld(tx, schema, e.resource.toStdString(), obs.owner, obs.version);
        tx.commit();
        return done;
    });
    if (released)
        return {Status::Released, QStringLiteral("released lease %1").arg(e.resource)};
    return {Status::Changed,
            QStringLiteral("lease %1 is no longer held by %2 at version %3: nothing done")
                .arg(e.resource, e.holder)
                .arg(obs.version)};
}

/// How long a signalled backend gets to let go of its lock before the outcome is "nothing
/// released": a terminated backend exits asynchronously, a cancelled query unwinds.
constexpr auto kSettle = std::chrono::milliseconds(3000);

/// Whether that very transaction (same pid, backend start, transaction start and virtual
/// transaction id) still holds exactly the observed lock; its state ("idle in transaction",
/// "active", ...) in *state when it does. Reads pg_locks and pg_stat_activity only: no relation
/// lock that could queue behind a DDL.
bool stillHolds(PgConnection& c, const PgBackendObservation& obs, QString* state = nullptr) {
    const auto [holds, st] = c.run("re-check holder", [&](pqxx::connection& raw) {
        pqxx::nontransaction tx(raw);
        const pqxx::row r = tx.exec_params1(obs.holdsSql(), obs.pid);
        return std::pair{r[0].as<bool>(), QString::fromStdString(r[1].as<std::string>())};
    });
    if (state)
        *state = st;
    return holds;
}

/// After the signal: polls until the backend no longer holds the lock or kSettle passes.
ReleaseOutcome reobserve(PgConnection& c, const LockEntry& e, const PgBackendObservation& obs,
                         bool cancelOnly) {
    const auto deadline = std::chrono::steady_clock::now() + kSettle;
    QString state;
    while (stillHolds(c, obs, &state)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            if (cancelOnly && state.startsWith(u"idle in transaction"))
                return {Status::NothingReleased,
                        QStringLiteral("the backend %1 is idle in transaction: cancelling its "
                                       "query released nothing, it still holds the lock on %2 "
                                       "(terminate instead)")
                            .arg(obs.pid)
                            .arg(e.resource)};
            return {
                Status::NothingReleased,
                QStringLiteral("backend %1 (%2) still holds the lock on %3 %4 ms after it was "
                               "%5")
                    .arg(obs.pid)
                    .arg(state.isEmpty() ? QStringLiteral("state unknown") : state, e.resource)
                    .arg(kSettle.count())
                    .arg(cancelOnly ? QStringLiteral("cancelled") : QStringLiteral("terminated"))};
        }
        // A server round trip per turn; the backend's exit is not something we can wait on.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {Status::Released, QStringLiteral("%1 backend %2: the lock on %3 is released")
                                  .arg(cancelOnly ? QStringLiteral("cancelled the query of")
                                                  : QStringLiteral("terminated"))
                                  .arg(obs.pid)
                                  .arg(e.resource)};
}

/// Terminates (or cancels the query of) the observed backend in one statement that also checks
/// that this very transaction still holds exactly the observed lock (a lock released, or a new
/// transaction begun, in between is never signalled); then re-observes.
ReleaseOutcome signalHolder(PgConnection& c, const LockEntry& e, const PgBackendObservation& obs,
                            bool cancelOnly) {
    enum class Signal { NotHolding, Signalled, Refused };
    const Signal sent = c.run("signal backend", [&](pqxx::connection& raw) {
        pqxx::nontransaction tx(raw);
        const pqxx::result r = tx.exec_params(obs.signalSql(cancelOnly), obs.pid);
        if (r.empty())
            return Signal::NotHolding;
        return r[0][0].as<bool>() ? Signal::Signalled : Signal::Refused;
    });
    if (sent == Signal::NotHolding)
        return {Status::Changed,
                QStringLiteral("backend %1 no longer holds the observed lock on %2 in the "
                               "observed transaction: nothing done")
                    .arg(obs.pid)
                    .arg(e.resource)};
    if (sent == Signal::Refused)
        return {
            Status::Failed,
            QStringLiteral("the server refused to signal backend %1 (privileges?)").arg(obs.pid)};
    return reobserve(c, e, obs, cancelOnly);
}

} // namespace

QStringList PostgresBackend::strategies() const {
    return {QStringLiteral("pg-row"), QStringLiteral("pg-advisory"), QStringLiteral("lease")};
}

std::unique_ptr<LockStrategy> PostgresBackend::createStrategy(const QString& name,
                                                              const NamespaceConfig& config) const {
    if (name == u"pg-row")
        return std::make_unique<PgRowLock>(config);
    if (name == u"pg-advisory")
        return std::make_unique<PgAdvisoryLock>(config);
    return std::make_unique<LeaseLock>(config);
}

std::vector<LockKind> PostgresBackend::kinds() const {
    return {postgreskinds::kRow, postgreskinds::kAdvisory, postgreskinds::kRelation,
            postgreskinds::kLease};
}

std::unique_ptr<BackendScanner> PostgresBackend::createScanner(const MonitorConfig& config,
                                                               std::function<void()>) const {
    return std::make_unique<PostgresScanner>(config);
}

std::unique_ptr<ChangeListener>
PostgresBackend::createChangeListener(const MonitorConfig& config,
                                      std::function<void()> onChange) const {
    if (!config.pgAdaptive)
        return nullptr;
    return std::make_unique<PgChangeDetector>(config, std::move(onChange));
}

QString PostgresBackend::describeRelease(const LockEntry& e, bool cancelOnly) const {
    if (const auto* lease = e.as<LeaseObservation>())
        return QCoreApplication::translate(
                   "ReleasePlan",
                   "release lease `%1` only if it is still held by `%2` at version %3")
            .arg(e.resource, e.holder)
            .arg(lease->version);
    if (const auto* session = e.as<PgSessionObservation>())
        return (cancelOnly
                    ? QCoreApplication::translate(
                          "ReleasePlan", "cancel the query of backend %1 (%2) running `%3`, "
                                         "only if it is still that session running that query")
                    : QCoreApplication::translate(
                          "ReleasePlan", "terminate backend %1 (%2) running `%3`, only if it is "
                                         "still that session (same backend start)"))
            .arg(session->pid)
            .arg(session->state, session->query.left(120));
    const auto* obs = e.as<PgBackendObservation>();
    if (!obs)
        return QCoreApplication::translate("ReleasePlan",
                                           "nothing: %1 was not observed on PostgreSQL")
            .arg(e.resource);
    // Two whole sentences, not a verb spliced into one: a translation needs the word order free.
    return (cancelOnly ? QCoreApplication::translate(
                             "ReleasePlan", "cancel the query of backend %1 running `%2`, only "
                                            "if it still holds the lock on %3")
                       : QCoreApplication::translate("ReleasePlan",
                                                     "terminate backend %1 running `%2`, only if "
                                                     "it still holds the lock on %3"))
        .arg(obs->pid)
        .arg(obs->query.left(120), e.resource);
}

QString PostgresBackend::releaseAction(const LockEntry& e, bool cancelOnly) const {
    if (!offersCancelOnly(e))
        return LockBackend::releaseAction(e, cancelOnly);
    return cancelOnly ? QStringLiteral("cancel-backend") : QStringLiteral("terminate-backend");
}

bool PostgresBackend::offersCancelOnly(const LockEntry& e) const {
    return e.as<PgBackendObservation>() != nullptr || e.as<PgSessionObservation>() != nullptr;
}

ReleaseOutcome PostgresBackend::forceRelease(const NamespaceConfig& config, const LockEntry& e,
                                             bool cancelOnly) const {
    try {
        PgConnection c(config.postgres);
        if (const auto* lease = e.as<LeaseObservation>())
            return releaseLease(c, config.pgSchema(), e, *lease);
        if (const auto* obs = e.as<PgBackendObservation>())
            return signalHolder(c, e, *obs, cancelOnly);
        if (const auto* session = e.as<PgSessionObservation>())
            return PgSessionSignal::send(c, e, *session, cancelOnly);
        return {Status::Failed,
                QStringLiteral("no PostgreSQL observation of %1: nothing done").arg(e.resource)};
    } catch (const ConnectorError& err) {
        // A permission refusal says which grant is missing, not the server's bare word.
        return {Status::Failed, err.kind() == ConnectorError::Kind::NoAuth
                                    ? PermissionAdvice::explain(config, err, AccessRole::Release)
                                    : err.message()};
    }
}

std::unique_ptr<StockStore> PostgresBackend::createStockStore(const NamespaceConfig& config) const {
    return std::make_unique<PgStockStore>(config);
}

QString PostgresBackend::uriWithoutPassword(const QString& uri, QString* password) const {
    PostgresUri u = PostgresUri::parse(uri);
    if (password)
        *password = u.value(QStringLiteral("password"));
    u.params.remove(QStringLiteral("password"));
    return u.toConninfo(true);
}

QString PostgresBackend::uriWithPassword(const QString& uri, const QString& password) const {
    if (password.isEmpty())
        return uri;
    PostgresUri u = PostgresUri::parse(uri);
    u.params.insert(QStringLiteral("password"), password);
    return u.toConninfo(true);
}

std::unique_ptr<BackendProbe> PostgresBackend::createProbe(const Endpoints& endpoints) const {
    return std::make_unique<PgProbe>(endpoints.postgres);
}

std::unique_ptr<BenchReference>
PostgresBackend::createBenchReference(const NamespaceConfig& config) const {
    return std::make_unique<PgBenchReference>(config);
}

QString PostgresBackend::permissionHint(const NamespaceConfig& config, const ConnectorError& error,
                                        AccessRole role) const {
    return PostgresGrants::hint(config, error, role);
}

} // namespace lockscope
