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
    /// False when it could not be read (the servers did not answer; a history without the final
    /// stock). Every figure that depends on an unknown is -1 then, the items' sold / final
    /// included (JSON -1, text "unknown"), and invariantsOk is false: not known to hold.
    bool soldKnown = true;
    bool finalKnown = true;
    int initialStock = 0;
    int sold = 0;
    int finalStock = 0;
    int oversold = 0; ///< sum over items of max(0, sold - initial)
    int negativeStockItems = 0;
    int lostUpdates = 0; ///< sum over items of |(initial - final) - sold|
    bool invariantsOk = false;

    void finish(); ///< totals and invariants from items
    bool known() const { return soldKnown && finalKnown; }
    QJsonObject toJson() const;

    /// A verdict that could not be read: only the initial stock is known.
    static DemoVerdict unknown(const std::map<int, int>& initial);

    /// initial: item id -> initial stock.
    static DemoVerdict fromServers(const NamespaceConfig& config, const QString& store,
                                   const std::string& runId, const std::map<int, int>& initial);
    /// An item missing from final (the run could not read it) makes the final stock unknown.
    static DemoVerdict fromHistory(const std::vector<PurchaseRecord>& history,
                                   const std::map<int, int>& initial,
                                   const std::map<int, int>& final);
};

} // namespace lockscope
