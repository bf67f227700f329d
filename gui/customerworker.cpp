#include "gui/customerworker.h"

#include "connectors/connectorerror.h"
#include "core/shop/inventory.h"
#include "core/shop/purchaser.h"
#include "core/shop/racepurchaser.h"

namespace lockscope {

CustomerWorker::CustomerWorker(NamespaceConfig config, QString name)
    : m_config(std::move(config))
    , m_name(std::move(name)) {
    qRegisterMetaType<lockscope::PurchaseEvent>();
    qRegisterMetaType<lockscope::PurchaseResult>();
}

CustomerWorker::~CustomerWorker() = default;

qint64 CustomerWorker::steadyNowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void CustomerWorker::setPaused(bool paused) {
    std::lock_guard lock(m_mutex);
    m_paused = paused;
    m_cv.notify_all();
}

void CustomerWorker::shutdown() {
    std::lock_guard lock(m_mutex);
    m_shutdown = true;
    m_cv.notify_all();
}

void CustomerWorker::resetStock(const QString& store, int item, int stock) {
    try {
        std::vector<Inventory::Item> items;
        for (const auto& i : Inventory::demoItems())
            if (i.id == item)
                items.push_back(Inventory::Item{i.id, i.name, stock});
        Inventory::load(m_config, items, {store});
        emit stockReset(stock);
    } catch (const std::exception& e) {
        emit failed(QString::fromUtf8(e.what()));
    } catch (...) {
        emit failed(tr("an unknown failure"));
    }
}

void CustomerWorker::buy(const QString& strategy, const QString& store, int item, int payMs,
                         int leaseMs) {
    try {
        if (!m_purchaser || m_purchaser->strategyName() != strategy ||
            m_purchaser->storeName() != store)
            m_purchaser = std::make_unique<Purchaser>(m_config, strategy, store);
        // The verdict's baseline; a store that cannot say (no such item yet) is no reason not to
        // try the purchase, which reports its own failure step by step.
        int before = -1;
        try {
            before = m_purchaser->store().read(item);
        } catch (const std::exception&) {
        }
        emit started(before, steadyNowUs());
        const PurchaseRequest r = request(item, payMs, leaseMs);
        const PurchaseResult res =
            m_purchaser->purchase(r, [this](const PurchaseEvent& e) { emit step(e); });
        emit done(res, m_purchaser->store().read(item));
        if (res.outcome == PurchaseResult::Outcome::Error && !res.crashed)
            m_purchaser.reset(); // a server failed: fresh connections for the next purchase
    } catch (const std::exception& e) {
        m_purchaser.reset(); // reconnect on the next purchase
        emit failed(QString::fromUtf8(e.what()));
    } catch (...) {
        // Nothing may escape this thread's slot: it would end the console (exit 134).
        m_purchaser.reset();
        emit failed(tr("an unknown failure"));
    }
}

PurchaseRequest CustomerWorker::request(int item, int payMs, int leaseMs) {
    PurchaseRequest r;
    r.item = item;
    r.buyer = m_name.toStdString();
    r.runId = "buy-page";
    r.pay = std::chrono::milliseconds(payMs);
    r.lease = std::chrono::milliseconds(leaseMs);
    r.wait = std::chrono::seconds(60);
    r.hold = [this] {
        std::unique_lock lock(m_mutex);
        if (!m_paused || m_shutdown)
            return;
        const qint64 from = steadyNowUs();
        m_cv.wait(lock, [this] { return !m_paused || m_shutdown; });
        lock.unlock();
        emit paused(from, steadyNowUs());
    };
    return r;
}

void CustomerWorker::buyRace(DemoScenario::Race race, const QString& strategy, const QString& store,
                             int item, int payMs, int leaseMs) {
    if (race == DemoScenario::Race::Stock) {
        buy(strategy, store, item, payMs, leaseMs);
        return;
    }
    try {
        if (!m_racePurchaser || m_racePurchaser->race() != race ||
            m_racePurchaser->strategyName() != strategy)
            m_racePurchaser = std::make_unique<RacePurchaser>(m_config, race, strategy);
        int before = -1;
        try {
            before = m_racePurchaser->ledger().charges(item);
        } catch (const ConnectorError& e) { // no such order yet: one, unpaid
            if (e.kind() != ConnectorError::Kind::NotFound)
                throw;
            m_racePurchaser->reset(item, "buy-page");
            before = 0;
        }
        emit started(before, steadyNowUs());
        const PurchaseRequest r = request(item, payMs, leaseMs);
        const PurchaseResult res =
            m_racePurchaser->purchase(r, [this](const PurchaseEvent& e) { emit step(e); });
        emit done(res, m_racePurchaser->ledger().charges(item));
        if (res.outcome == PurchaseResult::Outcome::Error && !res.crashed)
            m_racePurchaser.reset();
    } catch (const std::exception& e) {
        m_racePurchaser.reset();
        emit failed(QString::fromUtf8(e.what()));
    } catch (...) {
        m_racePurchaser.reset();
        emit failed(tr("an unknown failure"));
    }
}

void CustomerWorker::resetOrder(DemoScenario::Race race, int item) {
    try {
        if (!m_racePurchaser || m_racePurchaser->race() != race)
            m_racePurchaser =
                std::make_unique<RacePurchaser>(m_config, race, QStringLiteral("none"));
        m_racePurchaser->reset(item, "buy-page");
        emit stockReset(0);
    } catch (const std::exception& e) {
        m_racePurchaser.reset();
        emit failed(QString::fromUtf8(e.what()));
    } catch (...) {
        m_racePurchaser.reset();
        emit failed(tr("an unknown failure"));
    }
}

} // namespace lockscope
