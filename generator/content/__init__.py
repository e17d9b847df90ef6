"""Reading the content: files found and read (textfiles), YAML parsed with positions (yamlload), checked
against the JSON Schemas (validate), built into frozen records (records), linked and checked across records
(references), and put together as the Atlas (model). Also the parsed-YAML cache and parallel reading, and the
scaffolds for new records.

May import: generator.problems, generator.dates, generator.hashing. Nothing else in the package.
"""
