#include "core/demo/demoverdict.h"

#include "core/shop/orderbook.h"
#include "core/shop/stockstore.h"

#include <QJsonArray>
#include <cstdlib>

namespace lockscope {

void DemoVerdict::finish() {
    initialStock = sold = finalStock = oversold = negativeStockItems = lostUpdates = 0;
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

DemoVerdict DemoVerdict::unknown(const std::map<int, int>& initial) {
    DemoVerdict v;
    v.soldKnown = v.finalKnown = false;
    for (const auto& [id, init] : initial)
        v.items.push_back(Item{id, init, -1, -1});
    v.finish();
    return v;
}

QJsonObject DemoVerdict::toJson() const {
    QJsonArray arr;
    for (const Item& i : items)
        arr.append(QJsonObject{{QStringLiteral("id"), i.id},
                               {QStringLiteral("initial"), i.initial},
                               {QStringLiteral("sold"), i.sold},
                               {QStringLiteral("final"), i.final}});
    return QJsonObject{{QStringLiteral("initial_stock"), initialStock},
                       {QStringLiteral("sold"), sold},
                       {QStringLiteral("final_stock"), finalStock},
                       {QStringLiteral("oversold"), oversold},
                       {QStringLiteral("negative_stock_items"), negativeStockItems},
                       {QStringLiteral("lost_updates"), lostUpdates},
                       {QStringLiteral("invariants_ok"), invariantsOk},
                       {QStringLiteral("per_item"), arr}};
}

DemoVerdict DemoVerdict::fromServers(const NamespaceConfig& config, const QString& store,
                                     const std::string& runId, const std::map<int, int>& initial) {
    OrderBook orders(config);
    auto stock = StockStore::create(store, config);
    std::map<int, int> sold;
    for (const OrderBook::Order& o : orders.orders(runId))
        if (o.status == "confirmed")
            sold[o.item] += o.qty;
    DemoVerdict v;
    for (const auto& [id, init] : initial)
        v.items.push_back(Item{id, init, sold[id], stock->read(id)});
    v.finish();
    return v;
}

DemoVerdict DemoVerdict::fromHistory(const std::vector<PurchaseRecord>& history,
                                     const std::map<int, int>& initial,
                                     const std::map<int, int>& final) {
    std::map<int, int> sold;
    for (const PurchaseRecord& r : history)
        if (r.outcome == PurchaseRecord::Outcome::Confirmed)
            sold[r.item] += r.qty;
    DemoVerdict v;
    for (const auto& [id, init] : initial) {
        v.finalKnown = v.finalKnown && final.count(id);
        v.items.push_back(Item{id, init, sold[id], final.count(id) ? final.at(id) : -1});
    }
    v.finish();
    return v;
}

} // namespace lockscope
