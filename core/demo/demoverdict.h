#pragma once

#include "core/demo/demoscenario.h"
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
    /// Stock race: an item. Double-charge: an order (initial 0; sold: attempts that charged,
    /// confirmed in the orders table; final: charges recorded in the ledger). Cart: a cart
    /// (initial / final: the line's quantity; sold: successful adds, confirmed in the orders
    /// table; discountUses: uses of its one-time code).
    struct Item {
        int id = 0;
        int initial = 0;
        int sold = 0;  ///< quantity in confirmed orders
        int final = 0; ///< stock in the store after the run
        int discountUses = 0;
    };
    DemoScenario::Race race = DemoScenario::Race::Stock;
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
    /// The other races' anomalies (0 when the race has no such thing, -1 when unknown):
    /// sum over orders of max(0, charges - 1),
    int extraCharges = 0;
    /// sum over carts of max(0, code uses - 1),
    int extraDiscountUses = 0;
    /// sum over carts of successful adds - (final qty - initial qty).
    int lostCartUpdates = 0;
    bool invariantsOk = false;

    void finish(); ///< totals and invariants from items
    bool known() const { return soldKnown && finalKnown; }
    QJsonObject toJson() const;
    /// {"oversold", "extra_charges", "extra_discount_uses", "lost_cart_updates"}: every key
    /// always there, 0 when not applicable to the race, -1 when unknown.
    QJsonObject anomaliesJson() const;

    /// A verdict that could not be read: only the initial stock is known.
    static DemoVerdict unknown(const std::map<int, int>& initial,
                               DemoScenario::Race race = DemoScenario::Race::Stock);

    /// initial: item id -> initial stock (the cart's quantity; 0 for an order).
    static DemoVerdict fromServers(const NamespaceConfig& config, const QString& store,
                                   const std::string& runId, const std::map<int, int>& initial,
                                   DemoScenario::Race race = DemoScenario::Race::Stock);
    /// An item missing from final (the run could not read it) makes the final stock unknown.
    /// Double-charge: the charges are the records' accepted charges (final is not used);
    /// cart: the code's uses are the records' discountApplied, the final qty from final.
    static DemoVerdict fromHistory(const std::vector<PurchaseRecord>& history,
                                   const std::map<int, int>& initial,
                                   const std::map<int, int>& final,
                                   DemoScenario::Race race = DemoScenario::Race::Stock);
};

} // namespace lockscope
