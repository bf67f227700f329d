#include "core/shop/inventory.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"
#include "core/shop/stockstore.h"

#include <pqxx/pqxx>

namespace lockscope {

std::vector<Inventory::Item> Inventory::demoItems() {
    return {{1, "Limited sneakers", 3},
            {2, "Concert ticket", 2},
            {3, "Signed vinyl", 1},
            {4, "Game console", 5},
            {5, "Espresso machine", 4}};
}

void Inventory::load(const NamespaceConfig& config, const std::vector<Item>& items,
                     const QStringList& stores) {
    config.requireWritable(QStringLiteral("setting stock"));
    PgConnection conn(config.postgres);
    ShopSchema::ensure(conn, config.pgSchema());
    conn.run("load inventory", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        for (const Item& i : items)
            tx.exec_params("INSERT INTO " + config.pgSchema() +
                               ".items (id, name, stock, fence) VALUES ($1, $2, $3, 0) "
                               "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, stock = "
                               "EXCLUDED.stock, fence = 0, "
                               "updated_at = clock_timestamp()",
                           i.id, i.name, i.stock);
        tx.commit();
    });
    // The items table holds the catalogue; each store (the items table's own stock column
    // included) gets the stock and forgets its fencing high-water mark.
    for (const QString& s : stores) {
        auto store = StockStore::create(s, config);
        for (const Item& i : items)
            store->reset(i.id, i.stock);
    }
}

std::vector<Inventory::StockRow> Inventory::list(const NamespaceConfig& config,
                                                 const QStringList& stores) {
    // A reader reads what exists: no schema (or no items table) yet is no items, and nothing is
    // created or migrated here (read-only mode included).
    PgConnection conn(config.postgres);
    std::vector<Item> items = conn.run("list items", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<Item> out;
        if (!tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", config.pgSchema() + ".items")[0]
                 .as<bool>())
            return out;
        for (const auto& row :
             tx.exec("SELECT id, name, stock FROM " + config.pgSchema() + ".items ORDER BY id"))
            out.push_back(Item{row[0].as<int>(), row[1].as<std::string>(), row[2].as<int>()});
        return out;
    });
    std::vector<StockRow> rows;
    if (items.empty())
        return rows; // no store is opened (opening one may prepare it) for nothing to read
    for (const QString& s : stores) {
        const std::unique_ptr<StockStore> store = StockStore::create(s, config);
        for (const Item& i : items) {
            std::optional<int> stock;
            try {
                stock = store->read(i.id);
            } catch (const ConnectorError& e) {
                if (e.kind() != ConnectorError::Kind::NotFound)
                    throw;
            }
            rows.push_back(StockRow{i.id, i.name, s.toStdString(), stock});
        }
    }
    return rows;
}

} // namespace lockscope
