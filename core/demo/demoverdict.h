#pragma once

#include "core/demo/purchaserecord.h"
#include "core/namespaceconfig.h"

#include <QJsonObject>
#include <map>
#include <vector>

namespace lockscope {

/// Whether a run kept its promises, computed from what the servers hold - the orders table and
/// the stock store - never from counters the buyers kept. fromHistory() recomputes it from a
/// run's exported history, independently.
struct DemoVerdict {
    struct Item {
        int id = 0;
        int initial = 0;
        int sold = 0;  ///< quantity in confirmed orders
        int final = 0; ///< stock in the store after the run
    };
    std::vector<Item> items;
    int initialStock = 0;
    int sold = 0;
    int finalStock = 0;
    int oversold = 0; ///< sum over items of max(0, sold - initial)
    int negativeStockItems = 0;
    int lostUpdates = 0; ///< sum over items of |(initial - final) - sold|
    bool invariantsOk = false;

    void finish(); ///< totals and invariants from items
    QJsonObject toJson() const;

    /// initial: item id -> initial stock.
    static DemoVerdict fromServers(const NamespaceConfig& config, const QString& store,
                                   const std::string& runId, const std::map<int, int>& initial);
    static DemoVerdict fromHistory(const std::vector<PurchaseRecord>& history,
                                   const std::map<int, int>& initial,
                                   const std::map<int, int>& final);
};

} // namespace lockscope
