#pragma once

#include "core/namespaceconfig.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>
#include <string>
#include <vector>

namespace lockscope {

/// Items and their stock across the stores; the demo inventory run.sh loads.
class Inventory {
public:
    struct Item {
        int id;
        std::string name;
        int stock;
    };
    struct StockRow {
        int id;
        std::string name;
        std::string store;
        std::optional<int> stock; ///< none when the store has no stock for the item
    };

    static std::vector<Item> demoItems();
    /// Writes items (names and stock) to PostgreSQL and the same stock to every store named.
    static void load(const NamespaceConfig& config, const std::vector<Item>& items,
                     const QStringList& stores);
    /// Stock of every item known to PostgreSQL, in each store. Reads only: empty when the
    /// namespace has no items table yet (nothing is created).
    static std::vector<StockRow> list(const NamespaceConfig& config, const QStringList& stores);
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::Inventory::StockRow)
