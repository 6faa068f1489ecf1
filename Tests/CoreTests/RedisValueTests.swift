import Core
import Testing

/// The convenience accessors of ``RedisValue``.
@Suite struct RedisValueTests {
    @Test func stringAccessor() {
        #expect(RedisValue.simple("OK").string == "OK")
        #expect(RedisValue.bulkString("héllo").string == "héllo")
        #expect(RedisValue.integer(42).string == "42")
        #expect(RedisValue.error("ERR nope").string == "ERR nope")
        #expect(RedisValue.bulk(nil).string == nil)
        #expect(RedisValue.array([]).string == nil)
    }

    @Test func intAccessor() {
        #expect(RedisValue.integer(-7).int == -7)
        #expect(RedisValue.bulkString("123").int == 123)
        #expect(RedisValue.simple("9").int == 9)
        #expect(RedisValue.bulkString("abc").int == nil)
        #expect(RedisValue.bulk(nil).int == nil)
        #expect(RedisValue.error("1").int == nil)
    }

    @Test func elementsAndFlags() {
        let array = RedisValue.array([.integer(1), .bulk(nil)])
        #expect(array.elements == [.integer(1), .bulk(nil)])
        #expect(RedisValue.array(nil).elements == nil)
        #expect(RedisValue.array(nil).isNull)
        #expect(RedisValue.bulk(nil).isNull)
        #expect(!RedisValue.bulkString("").isNull)
        #expect(RedisValue.error("ERR").isError)
        #expect(!RedisValue.simple("OK").isError)
    }
}
