;; The byte scan under every whole-document scan: line feeds, and the places where a failure
;; code (4xx, 5xx, 4.x.x, 5.x.x) could start, 16 bytes at a time with SIMD. Assembled by the build
;; (scripts/build.mjs, with wabt) and loaded by lineIndex.ts, which keeps a JavaScript version of
;; the same test for engines without WebAssembly SIMD.
;;
;; A candidate is what FAILURE_CANDIDATE (lineIndex.ts) matches, byte for byte:
;;   (?<![0-9.])(?:[45][0-5][0-9](?![a-zA-Z0-9.])|[45]\.[0-9]{1,3}\.[0-9])
;; On UTF-8 bytes this gives the same places as on the decoded text: every byte of a non-ASCII
;; character is 0x80 or above, like the character itself, so none is a digit, a letter or a dot.
(module
  (memory (export "memory") 1)

  ;; Whether [p] starts "[0-9]{1,3}\.[0-9]" (the rest of an enhanced-code candidate after "4.").
  (func $enhancedTail (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $digits
        (br_if $done (i32.ge_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)) (i32.const 10)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $digits (i32.lt_u (local.get $n) (i32.const 4)))))
    (i32.and
      (i32.and
        (i32.ge_u (local.get $n) (i32.const 1))
        (i32.le_u (local.get $n) (i32.const 3)))
      (i32.and
        (i32.eq (i32.load8_u (local.get $p)) (i32.const 46))
        (i32.lt_u (i32.sub (i32.load8_u offset=1 (local.get $p)) (i32.const 48)) (i32.const 10)))))

  ;; Writes an event (u32) for every line feed in [start, end) and every failure-code candidate, in
  ;; order: the byte offset, with bit 31 set for a candidate, and bit 30 set on a line feed when
  ;; the next line may carry structure (its first byte is 1 in the table at 256..511, which the
  ;; caller fills from lineStructure.ts). Returns the number of events.
  ;; Reads the byte before start and up to 19 bytes past end: the caller puts a line feed before
  ;; the bytes and zeros after them, and gives `out` room for one event per byte.
  (func (export "lineEvents") (param $start i32) (param $end i32) (param $out i32) (result i32)
    (local $p i32) (local $o i32) (local $nl i32) (local $cand i32) (local $dots i32)
    (local $mask i32) (local $bit i32) (local $limit i32) (local $at i32)
    (local $b0 v128) (local $bm1 v128) (local $b1 v128) (local $b3 v128)
    (local $d2 v128) (local $alt1 v128) (local $start45 v128)
    (local $lineFeed v128) (local $fe v128) (local $four v128) (local $dot v128) (local $space v128)
    (local $digitBase v128) (local $digitEnd v128) (local $lowEnd v128) (local $letterBase v128) (local $letterEnd v128)
    ;; Constants, set once. Ranges are tested with one signed compare: x - (lo + 128) < (n - 128)
    ;; holds exactly when lo <= x < lo + n.
    (local.set $lineFeed (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))
    (local.set $fe (v128.const i8x16 254 254 254 254 254 254 254 254 254 254 254 254 254 254 254 254))
    (local.set $four (v128.const i8x16 52 52 52 52 52 52 52 52 52 52 52 52 52 52 52 52))
    (local.set $dot (v128.const i8x16 46 46 46 46 46 46 46 46 46 46 46 46 46 46 46 46))
    (local.set $space (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))
    (local.set $digitBase (v128.const i8x16 176 176 176 176 176 176 176 176 176 176 176 176 176 176 176 176))
    (local.set $digitEnd (v128.const i8x16 138 138 138 138 138 138 138 138 138 138 138 138 138 138 138 138))
    (local.set $lowEnd (v128.const i8x16 134 134 134 134 134 134 134 134 134 134 134 134 134 134 134 134))
    (local.set $letterBase (v128.const i8x16 225 225 225 225 225 225 225 225 225 225 225 225 225 225 225 225))
    (local.set $letterEnd (v128.const i8x16 154 154 154 154 154 154 154 154 154 154 154 154 154 154 154 154))
    (local.set $p (local.get $start))
    (local.set $o (local.get $out))
    (block $exit
      (loop $blocks
        (br_if $exit (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $b0 (v128.load (local.get $p)))
        (local.set $nl (i8x16.bitmask (i8x16.eq (local.get $b0) (local.get $lineFeed))))
        (local.set $bm1 (v128.load (i32.sub (local.get $p) (i32.const 1))))
        (local.set $b1 (v128.load offset=1 (local.get $p)))
        (local.set $cand (i32.const 0))
        ;; What both shapes need, cheap to test first: a 4 or a 5, not after a digit or a dot, then a
        ;; digit or a dot, then a digit ($d2). Blocks without it skip the rest.
        (local.set $d2 (i8x16.lt_s (i8x16.sub (v128.load offset=2 (local.get $p)) (local.get $digitBase)) (local.get $digitEnd)))
        (local.set $start45
          (v128.andnot
            (v128.and
              (v128.and (i8x16.eq (v128.and (local.get $b0) (local.get $fe)) (local.get $four)) (local.get $d2))
              (v128.or (i8x16.lt_s (i8x16.sub (local.get $b1) (local.get $digitBase)) (local.get $digitEnd)) (i8x16.eq (local.get $b1) (local.get $dot))))
            (v128.or
              (i8x16.lt_s (i8x16.sub (local.get $bm1) (local.get $digitBase)) (local.get $digitEnd))
              (i8x16.eq (local.get $bm1) (local.get $dot)))))
        (if (v128.any_true (local.get $start45))
          (then
            (local.set $b3 (v128.load offset=3 (local.get $p)))
            ;; [45][0-5][0-9] not followed by a letter, a digit or a dot
            (local.set $alt1
              (v128.andnot
                (i8x16.lt_s (i8x16.sub (local.get $b1) (local.get $digitBase)) (local.get $lowEnd))
                (v128.or
                  (v128.or
                    (i8x16.lt_s (i8x16.sub (local.get $b3) (local.get $digitBase)) (local.get $digitEnd))
                    (i8x16.lt_s (i8x16.sub (v128.or (local.get $b3) (local.get $space)) (local.get $letterBase)) (local.get $letterEnd)))
                  (i8x16.eq (local.get $b3) (local.get $dot)))))
            ;; or [45]\.[0-9] (the rest is checked one byte at a time)
            (local.set $cand
              (i8x16.bitmask
                (v128.and (local.get $start45) (v128.or (local.get $alt1) (i8x16.eq (local.get $b1) (local.get $dot))))))))
        (if (local.get $cand)
          (then
            ;; Enhanced-code candidates that are not also basic ones: check the rest.
            (local.set $dots (i32.and (local.get $cand) (i32.xor (i8x16.bitmask (local.get $alt1)) (i32.const -1))))
            (loop $verify
              (if (local.get $dots)
                (then
                  (local.set $bit (i32.ctz (local.get $dots)))
                  (if (i32.eqz (call $enhancedTail (i32.add (i32.add (local.get $p) (local.get $bit)) (i32.const 2))))
                    (then (local.set $cand (i32.and (local.get $cand) (i32.xor (i32.shl (i32.const 1) (local.get $bit)) (i32.const -1))))))
                  (local.set $dots (i32.and (local.get $dots) (i32.sub (local.get $dots) (i32.const 1))))
                  (br $verify))))))
        (local.set $mask (i32.or (local.get $nl) (local.get $cand)))
        ;; The last block may reach past the end.
        (local.set $limit (i32.sub (local.get $end) (local.get $p)))
        (if (i32.lt_u (local.get $limit) (i32.const 16))
          (then (local.set $mask (i32.and (local.get $mask) (i32.sub (i32.shl (i32.const 1) (local.get $limit)) (i32.const 1))))))
        (loop $emit
          (if (local.get $mask)
            (then
              (local.set $bit (i32.ctz (local.get $mask)))
              (local.set $at (i32.add (local.get $p) (local.get $bit)))
              (i32.store (local.get $o)
                (if (result i32) (i32.and (i32.shr_u (local.get $cand) (local.get $bit)) (i32.const 1))
                  (then (i32.or (local.get $at) (i32.const 0x80000000)))
                  ;; A line feed: flag the next line when its first byte may start structure.
                  (else (i32.or (local.get $at)
                                (i32.shl (i32.load8_u offset=256 (i32.load8_u offset=1 (local.get $at))) (i32.const 30))))))
              (local.set $o (i32.add (local.get $o) (i32.const 4)))
              (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
              (br $emit))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))
)
