// DisplayText, the one escaping function for server text: escapeBytes / unescapeBytes round-trip
// exactly (unescapeBytes also reads what a user types after --resource / --expect), and
// forTerminal / bytesForTerminal give text without a control or format character, bounded.
#include "core/monitor/displaytext.h"
#include "tests/fuzz/fuzzcheck.h"

#include <fuzzer/FuzzedDataProvider.h>

using namespace lockscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const qsizetype maxChars = in.ConsumeIntegralInRange<int>(-1, 300);
    const std::string rest = in.ConsumeRemainingBytesAsString();
    const QByteArray b = QByteArray::fromStdString(rest);

    const QString escaped = DisplayText::escapeBytes(b);
    FUZZ_CHECK(fuzz::unsafe(escaped).isEmpty(), fuzz::unsafe(escaped));
    const auto back = DisplayText::unescapeBytes(escaped);
    FUZZ_CHECK(back && *back == b, QStringLiteral("escape -> unescape differs: '%1'").arg(escaped));

    // Any text as typed: unescaping it either fails or names bytes that escape back to an
    // equivalent text (the same bytes again).
    const QString typed = QString::fromUtf8(b);
    if (const auto bytes = DisplayText::unescapeBytes(typed)) {
        const auto again = DisplayText::unescapeBytes(DisplayText::escapeBytes(*bytes));
        FUZZ_CHECK(again && *again == *bytes, typed);
    }

    // The marker "…[+N chars]" / "…[N bytes in all]" is at most 32 characters.
    const qsizetype bound = maxChars < 0 ? -1 : maxChars + 32;
    const QString shown = DisplayText::forTerminal(typed, maxChars);
    FUZZ_CHECK(fuzz::unsafe(shown).isEmpty(), fuzz::unsafe(shown));
    FUZZ_CHECK(bound < 0 || shown.size() <= bound,
               QStringLiteral("%1 chars for a bound of %2").arg(shown.size()).arg(maxChars));
    const QString shownBytes = DisplayText::bytesForTerminal(b, maxChars);
    FUZZ_CHECK(fuzz::unsafe(shownBytes).isEmpty(), fuzz::unsafe(shownBytes));
    FUZZ_CHECK(bound < 0 || shownBytes.size() <= bound,
               QStringLiteral("%1 chars for a bound of %2").arg(shownBytes.size()).arg(maxChars));
    if (maxChars < 0 || escaped.size() <= maxChars)
        FUZZ_CHECK(shownBytes == escaped, shownBytes);
    return 0;
}
