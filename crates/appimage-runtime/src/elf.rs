//! The ELF side of the AppImage type-2 format: where the runtime executable ends (the squashfs
//! image starts right there) and the magic bytes `AI\x02` at file offset 8.
//!
//! The end is computed from the ELF header alone, as the official runtime does: the larger of
//! the end of the section header table, the end of the last section with file contents and the
//! end of the last program segment. A stripped binary ends with its section header table; the
//! other two guard against a linker that puts the table first.

use std::fmt;

/// `AI` and the AppImage type (2), written into the ELF identification's padding bytes.
pub const MAGIC: [u8; 3] = *b"AI\x02";
/// Where [`MAGIC`] goes: `e_ident[EI_ABIVERSION]` and the padding after it, which loaders
/// ignore for executables (appimagetool patches the same bytes).
pub const MAGIC_OFFSET: usize = 8;

/// Why bytes are not a usable ELF executable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfError(pub String);

impl fmt::Display for ElfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ElfError {}

/// Whether `head` (the file's first bytes) carries the AppImage type-2 magic.
pub fn has_magic(head: &[u8]) -> bool {
    head.get(MAGIC_OFFSET..MAGIC_OFFSET + MAGIC.len()) == Some(&MAGIC[..])
}

/// Writes the AppImage type-2 magic into an ELF executable's bytes.
pub fn patch_magic(elf: &mut [u8]) -> Result<(), ElfError> {
    Header::parse(elf)?;
    elf[MAGIC_OFFSET..MAGIC_OFFSET + MAGIC.len()].copy_from_slice(&MAGIC);
    Ok(())
}

/// The byte just after the ELF executable at the start of `bytes`: where an AppImage's
/// squashfs image starts. `bytes` must hold the whole executable (its headers are read where
/// the ELF header says they are); anything after it is ignored.
pub fn elf_end(bytes: &[u8]) -> Result<u64, ElfError> {
    let h = Header::parse(bytes)?;
    let mut end = h
        .shoff
        .saturating_add(u64::from(h.shnum) * u64::from(h.shentsize));
    for i in 0..u64::from(h.phnum) {
        let at = h.phoff.saturating_add(i * u64::from(h.phentsize));
        let (offset, size) = if h.wide {
            (h.word(bytes, at + 8, 8)?, h.word(bytes, at + 32, 8)?)
        } else {
            (h.word(bytes, at + 4, 4)?, h.word(bytes, at + 16, 4)?)
        };
        end = end.max(offset.saturating_add(size));
    }
    /// `SHT_NOBITS` (.bss): takes no room in the file.
    const NOBITS: u64 = 8;
    for i in 0..u64::from(h.shnum) {
        let at = h.shoff.saturating_add(i * u64::from(h.shentsize));
        let (kind, offset, size) = if h.wide {
            (
                h.word(bytes, at + 4, 4)?,
                h.word(bytes, at + 24, 8)?,
                h.word(bytes, at + 32, 8)?,
            )
        } else {
            (
                h.word(bytes, at + 4, 4)?,
                h.word(bytes, at + 16, 4)?,
                h.word(bytes, at + 20, 4)?,
            )
        };
        if kind != NOBITS {
            end = end.max(offset.saturating_add(size));
        }
    }
    Ok(end)
}

/// The fields of the ELF header that place the program and section header tables.
struct Header {
    /// ELFCLASS64 (else 32-bit).
    wide: bool,
    little: bool,
    phoff: u64,
    phentsize: u16,
    phnum: u16,
    shoff: u64,
    shentsize: u16,
    shnum: u16,
}

impl Header {
    fn parse(bytes: &[u8]) -> Result<Header, ElfError> {
        if bytes.get(..4) != Some(b"\x7fELF") {
            return Err(ElfError(
                "not an ELF file (no \\x7fELF at its start)".into(),
            ));
        }
        let wide = match bytes.get(4) {
            Some(1) => false,
            Some(2) => true,
            other => return Err(ElfError(format!("unknown ELF class {other:?}"))),
        };
        let little = match bytes.get(5) {
            Some(1) => true,
            Some(2) => false,
            other => return Err(ElfError(format!("unknown ELF byte order {other:?}"))),
        };
        let mut h = Header {
            wide,
            little,
            phoff: 0,
            phentsize: 0,
            phnum: 0,
            shoff: 0,
            shentsize: 0,
            shnum: 0,
        };
        // Offsets of e_phoff, e_shoff and the six 16-bit sizes and counts after e_flags.
        let (phoff, shoff, sizes, word) = if wide {
            (0x20, 0x28, 0x36, 8)
        } else {
            (0x1c, 0x20, 0x2a, 4)
        };
        h.phoff = h.word(bytes, phoff, word)?;
        h.shoff = h.word(bytes, shoff, word)?;
        let half = |n: u64| -> Result<u16, ElfError> {
            // Two bytes read as a word always fit.
            Ok(h.word(bytes, sizes + 2 * n, 2)? as u16)
        };
        let (phentsize, phnum, shentsize, shnum) = (half(0)?, half(1)?, half(2)?, half(3)?);
        h.phentsize = phentsize;
        h.phnum = phnum;
        h.shentsize = shentsize;
        h.shnum = shnum;
        Ok(h)
    }

    /// The `len`-byte unsigned integer at `at`, in the file's byte order.
    fn word(&self, bytes: &[u8], at: u64, len: usize) -> Result<u64, ElfError> {
        let field = usize::try_from(at)
            .ok()
            .and_then(|at| bytes.get(at..at.checked_add(len)?))
            .ok_or_else(|| {
                ElfError(format!(
                    "the ELF headers point past the end of the file (offset {at}, {} bytes)",
                    bytes.len()
                ))
            })?;
        let mut value = 0u64;
        for i in 0..len {
            let byte = if self.little {
                field[len - 1 - i]
            } else {
                field[i]
            };
            value = (value << 8) | u64::from(byte);
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test binary itself: a real ELF executable from this toolchain's linker.
    fn this_executable() -> Vec<u8> {
        std::fs::read(std::env::current_exe().unwrap()).unwrap()
    }

    #[test]
    fn a_real_executable_ends_where_its_file_ends() {
        let exe = this_executable();
        assert_eq!(elf_end(&exe).unwrap(), exe.len() as u64);
        // Whatever follows (the squashfs image) does not move the end.
        let mut appended = exe.clone();
        appended.extend_from_slice(&[0xaa; 4096]);
        assert_eq!(elf_end(&appended).unwrap(), exe.len() as u64);
    }

    /// A minimal 64-bit little-endian ELF header with one program segment and a section
    /// header table of `shnum` zeroed entries at `shoff`.
    fn synthetic(segment_end: u64, shoff: u64, shnum: u16) -> Vec<u8> {
        let mut b = vec![0u8; 0x40 + 0x38];
        b[..6].copy_from_slice(b"\x7fELF\x02\x01");
        b[0x20..0x28].copy_from_slice(&0x40u64.to_le_bytes()); // e_phoff
        b[0x28..0x30].copy_from_slice(&shoff.to_le_bytes());
        b[0x36..0x38].copy_from_slice(&0x38u16.to_le_bytes()); // e_phentsize
        b[0x38..0x3a].copy_from_slice(&1u16.to_le_bytes()); // e_phnum
        b[0x3a..0x3c].copy_from_slice(&0x40u16.to_le_bytes()); // e_shentsize
        b[0x3c..0x3e].copy_from_slice(&shnum.to_le_bytes());
        // p_offset 0, p_filesz = segment_end.
        b[0x40 + 32..0x40 + 40].copy_from_slice(&segment_end.to_le_bytes());
        let table_end = (shoff + 0x40 * u64::from(shnum)) as usize;
        if b.len() < table_end {
            b.resize(table_end, 0);
        }
        b
    }

    #[test]
    fn the_end_is_the_furthest_of_segments_and_section_table() {
        // Section table last: its end.
        assert_eq!(elf_end(&synthetic(0x100, 0x200, 2)).unwrap(), 0x280);
        // A segment reaching past the table: the segment's end.
        assert_eq!(elf_end(&synthetic(0x1000, 0x200, 2)).unwrap(), 0x1000);
        // No sections at all (a fully stripped file): the segments decide.
        assert_eq!(elf_end(&synthetic(0x300, 0, 0)).unwrap(), 0x300);
    }

    #[test]
    fn refuses_what_is_not_elf_or_is_cut_short() {
        assert!(elf_end(b"#!/bin/sh\necho hi\n")
            .unwrap_err()
            .0
            .contains("not an ELF"));
        assert!(elf_end(b"").is_err());
        let exe = this_executable();
        let cut = &exe[..0x30];
        assert!(elf_end(cut).unwrap_err().0.contains("past the end"));
        // A section table said to lie beyond the file.
        let mut far = synthetic(0x100, 0x200, 2);
        far.truncate(0x240);
        assert!(elf_end(&far).is_err());
    }

    #[test]
    fn magic_is_written_at_offset_8_and_recognised() {
        let mut exe = this_executable();
        assert!(!has_magic(&exe), "a plain build has no AppImage magic");
        let before = exe.clone();
        patch_magic(&mut exe).unwrap();
        assert_eq!(&exe[8..11], b"AI\x02");
        assert!(has_magic(&exe));
        // Only those three bytes change, and the end stays where it was.
        let changed: Vec<usize> = (0..exe.len()).filter(|&i| exe[i] != before[i]).collect();
        assert!(changed.iter().all(|i| (8..11).contains(i)), "{changed:?}");
        assert_eq!(elf_end(&exe).unwrap(), elf_end(&before).unwrap());
        assert!(!has_magic(b"\x7fELF\x02\x01\x01\x00AI\x01"));
        assert!(!has_magic(b"short"));
        assert!(patch_magic(&mut b"not elf at all!".to_vec()).is_err());
    }
}
