#include "core/demo/demoverdict.h"

#include "core/shop/cartstore.h"
#include "core/shop/orderbook.h"
#include "core/shop/paymentledger.h"
#include "core/shop/stockstore.h"

#include <QJsonArray>
#include <cstdlib>

namespace lockscope {

void DemoVerdict::finish() {
    initialStock = sold = finalStock = oversold = negativeStockItems = lostUpdates = 0;
    extraCharges = extraDiscountUses = lostCartUpdates = 0;
    if (race != DemoScenario::Race::Stock) {
        // The stock figures do not apply; each race's anomalies, from the same items.
        for (Item& i : items) {
            if (!soldKnown)
                i.sold = -1;
            if (!finalKnown)
                i.final = i.discountUses = -1;
            initialStock += i.initial;
            sold += i.sold;
            finalStock += i.final;
            if (race == DemoScenario::Race::DoubleCharge) {
                extraCharges += std::max(0, i.final - 1);
            } else {
                extraDiscountUses += std::max(0, i.discountUses - 1);
                lostCartUpdates += i.sold - (i.final - i.initial);
            }
        }
        if (!soldKnown)
            sold = lostCartUpdates = -1;
        if (!finalKnown)
            finalStock = extraCharges = extraDiscountUses = lostCartUpdates = -1;
        invariantsOk =
            known() && extraCharges == 0 && extraDiscountUses == 0 && lostCartUpdates == 0;
        return;
    }
    for (Item& i : items) {
        if (!soldKnown)
            i.sold = -1;
        if (!finalKnown)
            i.final = -1;
        initialStock += i.initial;
        sold += i.sold;
        finalStock += i.final;
        oversold += std::max(0, i.sold - i.initial);
        if (i.final < 0)
            ++negativeStockItems;
        lostUpdates += std::abs((i.initial - i.final) - i.sold);
    }
    if (!soldKnown)
        sold = oversold = -1;
    if (!finalKnown)
        finalStock = negativeStockItems = -1;
    if (!known())
        lostUpdates = -1;
    invariantsOk = known() && oversold == 0 && negativeStockItems == 0 && lostUpdates == 0;
}

DemoVerdict DemoVerdict::unknown(const std::map<int, int>& initial, DemoScenario::Race race) {
    DemoVerdict v;
    v.race = race;
    v.soldKnown = v.finalKnown = false;
    for (const auto& [id, init] : initial)
        v.items.push_back(Item{id, init, -1, -1});
    v.finish();
    return v;
}

QJsonObject DemoVerdict::toJson() const {
    QJsonArray arr;
    for (const Item& i : items) {
        QJsonObject o{{QStringLiteral("id"), i.id},
                      {QStringLiteral("initial"), i.initial},
                      {QStringLiteral("sold"), i.sold},
                      {QStringLiteral("final"), i.final}};
        if (race == DemoScenario::Race::Cart)
            o.insert(QStringLiteral("discount_uses"), i.discountUses);
        arr.append(o);
    }
    return QJsonObject{{QStringLiteral("initial_stock"), initialStock},
                       {QStringLiteral("sold"), sold},
                       {QStringLiteral("final_stock"), finalStock},
                       {QStringLiteral("oversold"), oversold},
                       {QStringLiteral("negative_stock_items"), negativeStockItems},
                       {QStringLiteral("lost_updates"), lostUpdates},
                       {QStringLiteral("invariants_ok"), invariantsOk},
                       {QStringLiteral("anomalies"), anomaliesJson()},
                       {QStringLiteral("per_item"), arr}};
}

QJsonObject DemoVerdict::anomaliesJson() const {
    const bool stock = race == DemoScenario::Race::Stock;
    return QJsonObject{{QStringLiteral("oversold"), stock ? oversold : 0},
                       {QStringLiteral("extra_charges"), extraCharges},
                       {QStringLiteral("extra_discount_uses"), extraDiscountUses},
                       {QStringLiteral("lost_cart_updates"), lostCartUpdates}};
}

DemoVerdict DemoVerdict::fromServers(const NamespaceConfig& config, const QString& store,
                                     const std::string& runId, const std::map<int, int>& initial,
                                     DemoScenario::Race race) {
    OrderBook orders(config);
    std::map<int, int> sold;
    for (const OrderBook::Order& o : orders.orders(runId))
        if (o.status == "confirmed")
            sold[o.item] += o.qty;
    DemoVerdict v;
    v.race = race;
    if (race == DemoScenario::Race::DoubleCharge) {
        // Each order's charges as the ledger holds them.
        const auto ledger = PaymentLedger::create(config);
        for (const auto& [id, init] : initial)
            v.items.push_back(Item{id, init, sold[id], ledger->charges(id), 0});
        v.finish();
        return v;
    }
    if (race == DemoScenario::Race::Cart) {
        const auto carts = CartStore::create(config);
        for (const auto& [id, init] : initial) {
            const CartStore::Cart c = carts->read(id);
            v.items.push_back(Item{id, init, sold[id], c.qty, c.discountUses});
        }
        v.finish();
        return v;
    }
    auto stock = StockStore::create(store, config);
    for (const auto& [id, init] : initial)
        v.items.push_back(Item{id, init, sold[id], stock->read(id), 0});
    v.finish();
    return v;
}

DemoVerdict DemoVerdict::fromHistory(const std::vector<PurchaseRecord>& history,
                                     const std::map<int, int>& initial,
                                     const std::map<int, int>& final, DemoScenario::Race race) {
    std::map<int, int> sold, charged, uses;
    for (const PurchaseRecord& r : history) {
        if (r.outcome == PurchaseRecord::Outcome::Confirmed)
            sold[r.item] += r.qty;
        // The charges the records say were made (a write that may or may not have gone
        // through, Unknown, is not counted), and the code's uses they recorded.
        if (r.write == PurchaseRecord::StockWrite::Accepted)
            ++charged[r.item];
        if (r.discountApplied)
            ++uses[r.item];
    }
    DemoVerdict v;
    v.race = race;
    for (const auto& [id, init] : initial) {
        if (race == DemoScenario::Race::DoubleCharge) {
            v.items.push_back(Item{id, init, sold[id], charged[id], 0});
            continue;
        }
        v.finalKnown = v.finalKnown && final.count(id);
        v.items.push_back(Item{id, init, sold[id], final.count(id) ? final.at(id) : -1, uses[id]});
    }
    v.finish();
    return v;
}

} // namespace lockscope
