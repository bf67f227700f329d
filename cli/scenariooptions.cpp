#include "cli/scenariooptions.h"

#include "cli/cliutil.h"

namespace lockscope::cli {

bool sharedScenarioFrom(const QCommandLineParser& p, DemoScenario* s) {
    s->store = p.value(QStringLiteral("store"));
    int pay = int(s->pay.count()), lease = int(s->lease.count()), wait = int(s->wait.count()),
        faultMs = int(s->faultDuration.count());
    if (!intOption(p, QStringLiteral("items"), 1, 1000, &s->items) ||
        !intOption(p, QStringLiteral("stock"), 0, 1000000, &s->stock) ||
        !intOption(p, QStringLiteral("buyers"), 1, 512, &s->buyers) ||
        !intOption(p, QStringLiteral("attempts"), 0, 1000000, &s->attempts) ||
        !intOption(p, QStringLiteral("pay-ms"), 0, 600000, &pay) ||
        !intOption(p, QStringLiteral("lease-ms"), 10, 3600000, &lease) ||
        !intOption(p, QStringLiteral("wait-ms"), 0, 3600000, &wait) ||
        !intOption(p, QStringLiteral("fault-ms"), 0, 3600000, &faultMs) ||
        !doubleOption(p, QStringLiteral("fault-rate"), 0, 1, &s->faultRate))
        return false;
    s->pay = std::chrono::milliseconds(pay);
    s->lease = std::chrono::milliseconds(lease);
    s->wait = std::chrono::milliseconds(wait);
    s->faultDuration = std::chrono::milliseconds(faultMs);
    if (p.isSet(QStringLiteral("partition")) &&
        !DemoScenario::parsePartition(p.value(QStringLiteral("partition")), &s->partition)) {
        printError(QStringLiteral("--partition: expected lock or store, got '%1'")
                       .arg(p.value(QStringLiteral("partition"))));
        return false;
    }
    if (p.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        s->seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok) {
            printError(QStringLiteral("--seed: expected a non-negative whole number, got '%1'")
                           .arg(p.value(QStringLiteral("seed"))));
            return false;
        }
    }
    return true;
}

} // namespace lockscope::cli
