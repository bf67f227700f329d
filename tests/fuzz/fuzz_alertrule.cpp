// AlertRule, the alert rules of `locks watch --alert` and the console's settings: any text either
// is refused with a reason or parses to a rule whose canonical text and JSON give it back; any
// JSON object likewise.
#include "core/alerts/alertrule.h"
#include "tests/fuzz/fuzzcheck.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace lockscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);
    QString error;
    if (const auto rule = AlertRule::parse(text, &error)) {
        FUZZ_CHECK(rule->enabled, text);
        const auto again = AlertRule::parse(rule->toText());
        FUZZ_CHECK(again && *again == *rule,
                   QStringLiteral("'%1' -> '%2' does not parse back").arg(text, rule->toText()));
        const auto fromJson = AlertRule::fromJson(rule->toJson());
        FUZZ_CHECK(fromJson && *fromJson == *rule, text);
        FUZZ_CHECK(!rule->describe().isEmpty(), text);
    } else {
        FUZZ_CHECK(!error.isEmpty(), QStringLiteral("refused without a reason: '%1'").arg(text));
    }
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isObject()) {
        if (const auto rule = AlertRule::fromJson(doc.object(), &error)) {
            const auto back = AlertRule::fromJson(rule->toJson());
            FUZZ_CHECK(back && *back == *rule, QString::fromUtf8(bytes));
            auto parsed = AlertRule::parse(rule->toText());
            FUZZ_CHECK(parsed, rule->toText());
            parsed->enabled = rule->enabled;
            FUZZ_CHECK(*parsed == *rule, rule->toText());
        }
    }
    return 0;
}
