-- 029_document_number_joined.sql: a document is also found by its number
-- typed without separators, as people often do: "KH4186" or "4186KH" for
-- 4186/KH-UBND, "QĐ04" for 04/2025/QĐ-TTg, "VPĐP200" for the công văn
-- 200/VPĐP-KHTH, or the whole number run together ("4186KHUBND"). The
-- joined forms are added to search_extra (027), which the documents' writes
-- now fill the same way (NUMBER_JOINED in src/docs/write.c); the index
-- follows by its trigger.

UPDATE document SET search_extra =
    coalesce((SELECT t.name FROM doc_type t WHERE t.id = document.type_id), '') || ' số ' || number_raw || ' ' ||
    coalesce((SELECT i.name FROM doc_issuer i WHERE i.id = document.issuer_id), '') || ' ' ||
    replace(replace(replace(number_canonical, '/', ''), '-', ''), ' ', '') ||
    CASE WHEN number <= 0 THEN ''
         WHEN type_abbr <> '' THEN ' ' || type_abbr || number || ' ' || number || type_abbr ||
              CASE WHEN number < 10 THEN ' ' || type_abbr || '0' || number ELSE '' END
         WHEN instr(number_canonical, '/') > 0 THEN
              ' ' || substr(number_canonical, instr(number_canonical, '/') + 1,
                            CASE WHEN instr(substr(number_canonical, instr(number_canonical, '/') + 1), '-') > 0
                                 THEN instr(substr(number_canonical, instr(number_canonical, '/') + 1), '-') - 1
                                 ELSE 100 END) || number ||
              ' ' || number || substr(number_canonical, instr(number_canonical, '/') + 1,
                            CASE WHEN instr(substr(number_canonical, instr(number_canonical, '/') + 1), '-') > 0
                                 THEN instr(substr(number_canonical, instr(number_canonical, '/') + 1), '-') - 1
                                 ELSE 100 END)
         ELSE '' END;
