# One of every instruction of rv64gc (never run): the decoder must agree
# with objdump on each, and mirrorbt must translate it (--check).
        .text
        .globl main
        .type main, @function
main:
        lui a0, 0x12345
        auipc a1, 0
        jal ra, 1f
1:      jalr zero, 0(ra)
        beq a0, a1, 1b
        bne a0, a1, 1b
        blt a0, a1, 1b
        bge a0, a1, 1b
        bltu a0, a1, 1b
        bgeu a0, a1, 1b
        lb a0, 1(sp)
        lh a0, 2(sp)
        lw a0, 4(sp)
        ld a0, 8(sp)
        lbu a0, 1(sp)
        lhu a0, 2(sp)
        lwu a0, 4(sp)
        sb a0, 1(s2)
        sh a0, 2(s2)
        sw a0, 4(s2)
        sd a0, 8(s2)
        addi s2, s2, 1
        slti a0, a1, -1
        sltiu a0, a1, 1
        xori a0, a1, 3
        ori a0, a1, 3
        andi s3, s4, 3
        slli s3, s4, 33
        srli s3, s4, 33
        srai s3, s4, 33
        add s3, s4, s5
        sub s3, s4, s5
        sll s3, s4, s5
        slt s3, s4, s5
        sltu s3, s4, s5
        xor s3, s4, s5
        srl s3, s4, s5
        sra s3, s4, s5
        or s3, s4, s5
        and s3, s4, s5
        addiw s3, s4, 5
        slliw s3, s4, 5
        srliw s3, s4, 5
        sraiw s3, s4, 5
        addw s3, s4, s5
        subw s3, s4, s5
        sllw s3, s4, s5
        srlw s3, s4, s5
        sraw s3, s4, s5
        fence.tso
        fence rw, w
        fence.i
        ecall
        ebreak
        sret
        mret
        wfi
        sfence.vma
        sfence.vma a0, a1
        csrrw a0, fcsr, a1
        csrrs a0, cycle, zero
        csrrc a0, fflags, a1
        csrrwi a0, frm, 1
        csrrsi a0, fflags, 2
        csrrci a0, fflags, 3
        mul s3, s4, s5
        mulh s3, s4, s5
        mulhsu s3, s4, s5
        mulhu s3, s4, s5
        div s3, s4, s5
        divu s3, s4, s5
        rem s3, s4, s5
        remu s3, s4, s5
        mulw s3, s4, s5
        divw s3, s4, s5
        divuw s3, s4, s5
        remw s3, s4, s5
        remuw s3, s4, s5
        lr.w a0, (a1)
        lr.d.aq a0, (a1)
        sc.w a0, a2, (a1)
        sc.d.rl a0, a2, (a1)
        amoswap.w a0, a2, (a1)
        amoswap.d a0, a2, (a1)
        amoadd.w a0, a2, (a1)
        amoadd.d a0, a2, (a1)
        amoxor.w a0, a2, (a1)
        amoxor.d a0, a2, (a1)
        amoand.w a0, a2, (a1)
        amoand.d a0, a2, (a1)
        amoor.w a0, a2, (a1)
        amoor.d a0, a2, (a1)
        amomin.w a0, a2, (a1)
        amomin.d a0, a2, (a1)
        amomax.w a0, a2, (a1)
        amomax.d a0, a2, (a1)
        amominu.w a0, a2, (a1)
        amominu.d a0, a2, (a1)
        amomaxu.w a0, a2, (a1)
        amomaxu.d.aqrl a0, a2, (a1)
        flw fa0, 4(s2)
        fld fa0, 8(s2)
        fsw fa0, 4(s2)
        fsd fa0, 8(s2)
        fmadd.s fa0, fa1, fa2, fa3
        fmsub.s fa0, fa1, fa2, fa3
        fnmsub.s fa0, fa1, fa2, fa3
        fnmadd.s fa0, fa1, fa2, fa3
        fmadd.d fa0, fa1, fa2, fa3
        fmsub.d fa0, fa1, fa2, fa3
        fnmsub.d fa0, fa1, fa2, fa3
        fnmadd.d fa0, fa1, fa2, fa3
        fadd.s fa0, fa1, fa2
        fsub.s fa0, fa1, fa2
        fmul.s fa0, fa1, fa2
        fdiv.s fa0, fa1, fa2
        fsqrt.s fa0, fa1
        fsgnj.s fa0, fa1, fa2
        fsgnjn.s fa0, fa1, fa2
        fsgnjx.s fa0, fa1, fa2
        fmin.s fa0, fa1, fa2
        fmax.s fa0, fa1, fa2
        fcvt.w.s a0, fa1, rtz
        fcvt.wu.s a0, fa1
        fcvt.l.s a0, fa1
        fcvt.lu.s a0, fa1
        fmv.x.w a0, fa1
        fclass.s a0, fa1
        feq.s a0, fa1, fa2
        flt.s a0, fa1, fa2
        fle.s a0, fa1, fa2
        fcvt.s.w fa0, a1
        fcvt.s.wu fa0, a1
        fcvt.s.l fa0, a1
        fcvt.s.lu fa0, a1
        fmv.w.x fa0, a1
        fadd.d fa0, fa1, fa2
        fsub.d fa0, fa1, fa2
        fmul.d fa0, fa1, fa2
        fdiv.d fa0, fa1, fa2
        fsqrt.d fa0, fa1
        fsgnj.d fa0, fa1, fa2
        fsgnjn.d fa0, fa1, fa2
        fsgnjx.d fa0, fa1, fa2
        fmin.d fa0, fa1, fa2
        fmax.d fa0, fa1, fa2
        fcvt.s.d fa0, fa1
        fcvt.d.s fa0, fa1
        feq.d a0, fa1, fa2
        flt.d a0, fa1, fa2
        fle.d a0, fa1, fa2
        fclass.d a0, fa1
        fcvt.w.d a0, fa1
        fcvt.wu.d a0, fa1
        fcvt.l.d a0, fa1
        fcvt.lu.d a0, fa1
        fcvt.d.w fa0, a1
        fcvt.d.wu fa0, a1
        fcvt.d.l fa0, a1
        fcvt.d.lu fa0, a1
        fmv.x.d a0, fa1
        fmv.d.x fa0, a1
        c.addi4spn s0, sp, 16
        c.fld fa0, 8(s0)
        c.lw a0, 4(s0)
        c.ld a0, 8(s0)
        c.fsd fa0, 8(s0)
        c.sw a0, 4(s0)
        c.sd a0, 8(s0)
        c.nop
        c.addi a0, 1
        c.addiw a0, 1
        c.li a0, 1
        c.addi16sp sp, 32
        c.lui a0, 1
        c.srli a0, 1
        c.srai a0, 1
        c.andi a0, 1
        c.sub a0, a1
        c.xor a0, a1
        c.or a0, a1
        c.and a0, a1
        c.subw a0, a1
        c.addw a0, a1
2:      c.j 2b
        c.beqz a0, 2b
        c.bnez a0, 2b
        c.slli a0, 1
        c.fldsp fa0, 8(sp)
        c.lwsp a0, 4(sp)
        c.ldsp a0, 8(sp)
        c.jr ra
        c.mv a0, a1
        c.ebreak
        c.jalr a0
        c.add a0, a1
        c.fsdsp fa0, 8(sp)
        c.swsp a0, 4(sp)
        c.sdsp a0, 8(sp)
        ret
        .size main, .-main
