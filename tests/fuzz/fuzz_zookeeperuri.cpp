// ZooKeeperUri::parse on any text: only UriError may escape; what parses round-trips through
// toString(true), and its connect string holds no character ZooKeeper refuses in a path.
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace lockscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QString input = fuzz::text(data, size);
    ZooKeeperUri uri;
    try {
        uri = ZooKeeperUri::parse(input);
    } catch (const UriError&) {
        return 0;
    }
    FUZZ_CHECK(!uri.hosts.isEmpty(), input);
    for (const HostPort& hp : uri.hosts)
        FUZZ_CHECK(!hp.host.isEmpty() && hp.port >= 1 && hp.port <= 65535, input);
    FUZZ_CHECK(uri.chroot.isEmpty() || (uri.chroot.startsWith(u'/') && !uri.chroot.endsWith(u'/')),
               input);
    FUZZ_CHECK(uri.user.isEmpty() == uri.password.isEmpty(), input);
    const QString written = uri.toString(true);
    ZooKeeperUri again;
    try {
        again = ZooKeeperUri::parse(written);
    } catch (const UriError& e) {
        FUZZ_CHECK(false, QStringLiteral("'%1' parsed, its toString '%2' does not: %3")
                              .arg(input, written, e.message()));
    }
    FUZZ_CHECK(again.user == uri.user && again.password == uri.password &&
                   again.chroot == uri.chroot && again.connectString() == uri.connectString(),
               QStringLiteral("'%1' -> '%2' -> '%3'").arg(input, written, again.toString(true)));
    return 0;
}
