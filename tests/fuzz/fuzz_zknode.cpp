// What LockScope reads off a ZooKeeper lock directory: the contender's name (LockScope's
// "_c_<32 hex>-lock-<10 digits>", Curator's "_c_<uuid>-lock-<10 digits>", kazoo's
// "<32 hex>__lock__<10 digits>" / "__rlock__"), its sequence number, its data and stat, the
// directory's logical resource. The input: directory, node name, data, stat fields.
#include "core/backends/zookeeper/zookeeperlock.h"
#include "core/backends/zookeeper/zookeeperobservation.h"
#include "core/backends/zookeeper/zookeeperscanner.h"
#include "tests/fuzz/fuzzcheck.h"

#include <fuzzer/FuzzedDataProvider.h>

using namespace lockscope;

namespace {

bool allOf(const std::string& s, const char* set) {
    return s.find_first_not_of(set) == std::string::npos;
}

bool isSequence(const std::string& s) {
    return s.size() == 10 && allOf(s, "0123456789");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string dir = in.ConsumeRandomLengthString(1024);
    const std::string name = in.ConsumeRandomLengthString(1024);
    ZkNode node;
    node.stat.czxid = in.ConsumeIntegral<int64_t>();
    node.stat.ephemeralOwner = in.ConsumeIntegral<int64_t>();
    node.stat.version = in.ConsumeIntegral<int32_t>();
    node.stat.ctimeMs = in.ConsumeIntegral<int64_t>();
    node.data = in.ConsumeRemainingBytesAsString();

    const long long seq = ZooKeeperLock::sequenceOf(name);
    FUZZ_CHECK(seq == -1 || (seq >= 0 && name.size() >= 10 &&
                             std::stoll(name.substr(name.size() - 10)) == seq),
               QString::fromStdString(name));

    using Recipe = ZooKeeperObservation::Recipe;
    const Recipe recipe = ZooKeeperScanner::recipeOf(name);
    const QString shownName = DisplayText::forTerminal(QString::fromStdString(name));
    switch (recipe) {
    case Recipe::LockScope:
        FUZZ_CHECK(name.size() == 3 + 32 + 6 + 10 && name.rfind("_c_", 0) == 0 &&
                       allOf(name.substr(3, 32), "0123456789abcdef") &&
                       name.substr(35, 6) == "-lock-" && isSequence(name.substr(41)),
                   shownName);
        break;
    case Recipe::Curator:
        FUZZ_CHECK(name.size() == 3 + 36 + 6 + 10 && name.rfind("_c_", 0) == 0 &&
                       allOf(name.substr(3, 36), "0123456789abcdef-") &&
                       name.substr(39, 6) == "-lock-" && isSequence(name.substr(45)),
                   shownName);
        break;
    case Recipe::Kazoo: {
        const bool lock = name.size() == 32 + 8 + 10 && name.substr(32, 8) == "__lock__";
        const bool rlock = name.size() == 32 + 9 + 10 && name.substr(32, 9) == "__rlock__";
        FUZZ_CHECK((lock || rlock) && allOf(name.substr(0, 32), "0123456789abcdef") &&
                       isSequence(name.substr(name.size() - 10)),
                   shownName);
        break;
    }
    case Recipe::Other:
        break;
    }

    MonitorConfig config;
    LockEntry e;
    ZooKeeperScanner::classifyNode(e, config, dir, name, node);
    const auto* obs = e.as<ZooKeeperObservation>();
    FUZZ_CHECK(obs && obs->recipe == recipe, shownName);
    FUZZ_CHECK(fuzz::unsafe(e.raw).isEmpty(), fuzz::unsafe(e.raw));
    // The node's name and its data each bounded (1024 and 200 characters and their markers).
    FUZZ_CHECK(e.raw.size() <= 1024 + 200 + 200, QStringLiteral("raw of %1").arg(e.raw.size()));
    FUZZ_CHECK(e.holderBytes == (node.data.empty() ? QString::fromStdString(name).toUtf8()
                                                   : QByteArray::fromStdString(node.data)),
               shownName);
    FUZZ_CHECK(e.rawBytes == ZooKeeperScanner::observedBytes(*obs, node.data), shownName);
    FUZZ_CHECK(recipe != Recipe::LockScope || e.token == node.stat.czxid, shownName);
    (void)ZooKeeperScanner::logicalResourceOf(config.config, dir, true);
    return 0;
}
