#ifndef VANTAHIRE_CHIREDIS_SHIM_H
#define VANTAHIRE_CHIREDIS_SHIM_H

// Only the protocol parts of hiredis are used from Swift: the reply reader
// (redisReaderCreate / redisReaderFeed / redisReaderGetReply / freeReplyObject)
// and command formatting (redisFormatCommandArgv). All socket I/O is done by
// SwiftNIO, so no hiredis call ever blocks an event loop.
#include <hiredis/hiredis.h>

#endif
