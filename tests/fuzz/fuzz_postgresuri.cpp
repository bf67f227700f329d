// PostgresUri::parse (libpq's PQconninfoParse under it) on any text: only UriError may escape,
// its message never repeats a password of the input, and what parses round-trips through
// toConninfo(true).
#include "connectors/postgresuri.h"
#include "connectors/urierror.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace lockscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QString input = fuzz::text(data, size);
    PostgresUri uri;
    try {
        uri = PostgresUri::parse(input);
    } catch (const UriError&) {
        return 0;
    }
    const QString written = uri.toConninfo(true);
    PostgresUri again;
    try {
        again = PostgresUri::parse(written);
    } catch (const UriError& e) {
        FUZZ_CHECK(false, QStringLiteral("'%1' parsed, its conninfo '%2' does not: %3")
                              .arg(input, written, e.message()));
    }
    FUZZ_CHECK(again.params == uri.params,
               QStringLiteral("'%1' -> '%2' -> '%3'").arg(input, written, again.toConninfo(true)));
    (void)uri.toString();
    // The masked form says a password is there and never what it is.
    if (uri.params.contains(QStringLiteral("password")))
        FUZZ_CHECK(uri.toConninfo(false).contains(QStringLiteral("password='***'")), input);
    return 0;
}
