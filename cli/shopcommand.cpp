#include "cli/shopcommand.h"

#include "cli/cliutil.h"
#include "connectors/connectorerror.h"
#include "core/shop/inventory.h"
#include "core/shop/stockstore.h"

namespace lockscope::cli {

namespace {

/// False when the command is finished (bad arguments or --help): return *exitCode.
bool prepare(QCommandLineParser& p, const QStringList& args, const QString& description,
             NamespaceConfig* config, QStringList* stores, int* exitCode) {
    *exitCode = BadArguments;
    p.setApplicationDescription(description);
    addConnectionOptions(p);
    addNamespaceOption(p);
    p.addOption({QStringLiteral("stores"),
                 QStringLiteral("Comma-separated stores (default all three)."),
                 QStringLiteral("list"), QStringLiteral("postgres,redis,zookeeper")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (!parseArgs(p, args, exitCode))
        return false;
    *exitCode = BadArguments;
    *stores = p.value(QStringLiteral("stores")).split(u',', Qt::SkipEmptyParts);
    for (const QString& s : *stores) {
        if (!StockStore::names().contains(s)) {
            printError(QStringLiteral("--stores: unknown store '%1'").arg(s));
            return false;
        }
    }
    return namespaceFrom(p, config);
}

} // namespace

int ShopCommand::loadDemo(const QStringList& args) {
    QCommandLineParser p;
    NamespaceConfig config;
    QStringList stores;
    int rc = 0;
    if (!prepare(p, args, QStringLiteral("Load the demo inventory into every store."), &config,
                 &stores, &rc))
        return rc;
    try {
        Inventory::load(config, Inventory::demoItems(), stores);
    } catch (...) {
        return failureExitCode();
    }
    if (!p.isSet(QStringLiteral("json")))
        printLine(QStringLiteral("loaded %1 demo items into %2")
                      .arg(Inventory::demoItems().size())
                      .arg(stores.join(u',')));
    return Ok;
}

int ShopCommand::setStock(const QStringList& args) {
    QCommandLineParser p;
    p.addOption({QStringLiteral("item"), QStringLiteral("Item id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("stock"), QStringLiteral("New stock."), QStringLiteral("n")});
    NamespaceConfig config;
    QStringList stores;
    int rc = 0;
    if (!prepare(p, args,
                 QStringLiteral("Set one item's stock in the stores named (and forget its fence)."),
                 &config, &stores, &rc))
        return rc;
    int item = 0, stock = 0;
    if (!intOption(p, QStringLiteral("item"), 1, 1000000000, &item) ||
        !intOption(p, QStringLiteral("stock"), 0, 1000000000, &stock))
        return BadArguments;
    if (!p.isSet(QStringLiteral("item")) || !p.isSet(QStringLiteral("stock"))) {
        printError(QStringLiteral("--item and --stock are required"));
        return BadArguments;
    }
    std::string name = "item " + std::to_string(item);
    for (const Inventory::Item& i : Inventory::demoItems())
        if (i.id == item)
            name = i.name;
    try {
        Inventory::load(config, {Inventory::Item{item, name, stock}}, stores);
    } catch (...) {
        return failureExitCode();
    }
    if (!p.isSet(QStringLiteral("json")))
        printLine(
            QStringLiteral("item %1: stock %2 in %3").arg(item).arg(stock).arg(stores.join(u',')));
    return Ok;
}

int ShopCommand::listStock(const QStringList& args) {
    QStringList effective = args;
    if (effective.value(1) == u"list")
        effective = withSubcommand(effective);
    QCommandLineParser p;
    NamespaceConfig config;
    QStringList stores;
    int rc = 0;
    if (!prepare(p, effective, QStringLiteral("Stock per item in each store."), &config, &stores,
                 &rc))
        return rc;
    std::vector<Inventory::StockRow> rows;
    try {
        rows = Inventory::list(config, stores);
    } catch (...) {
        return failureExitCode(); // a refusal, a bad argument or a server: each its own code
    }
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const auto& r : rows)
            arr.append(QJsonObject{
                {QStringLiteral("item"), r.id},
                {QStringLiteral("name"), QString::fromStdString(r.name)},
                {QStringLiteral("store"), QString::fromStdString(r.store)},
                {QStringLiteral("stock"), r.stock ? QJsonValue(*r.stock) : QJsonValue()}});
        printJson(arr);
        return Ok;
    }
    printLine(QStringLiteral("%1  %2  %3  %4")
                  .arg(QStringLiteral("item"), 6)
                  .arg(QStringLiteral("name"), -24)
                  .arg(QStringLiteral("store"), -10)
                  .arg(QStringLiteral("stock"), 6));
    for (const auto& r : rows)
        printLine(cell(QString::number(r.id), 6) + QStringLiteral("  ") +
                  cell(QString::fromStdString(r.name), -24) + QStringLiteral("  ") +
                  cell(QString::fromStdString(r.store), -10) + QStringLiteral("  ") +
                  cell(r.stock ? QString::number(*r.stock) : QStringLiteral("-"), 6));
    return Ok;
}

} // namespace lockscope::cli
